// Which signature scheme the last delivery matched. Until the receiver remembers the scheme per
// account, the stored events only say whether the last one verified; extend `schemeOf` then.
import type { DoctorCheck } from '../../preload/contract';
import type { StoredEvent } from '../store';
import type { DoctorStore } from './context';

function schemeOf(event: StoredEvent): { status: DoctorCheck['status']; summary: string } {
  if (event.verification === 'valid') {
    return { status: 'pass', summary: 'verified (documented scheme)' };
  }
  // Unverifiable deliveries are expected from the real service (docs/quaderno-api.md ›
  // Signatures): not a failure, as long as sales are confirmed through the API.
  return {
    status: 'note',
    summary: "not verifiable: sales confirmed through Quaderno's API",
  };
}

export function lastSignatureCheck(store: DoctorStore, accountId: number): DoctorCheck {
  const { items } = store.events.list(accountId, { limit: 1, offset: 0 });
  const last = items[0];
  if (!last) {
    return {
      name: 'signature',
      status: 'note',
      summary: 'not seen yet: no delivery from Quaderno has reached this console.',
      details: { last_delivery_at: null },
    };
  }
  const { status, summary } = schemeOf(last);
  return {
    name: 'signature',
    status,
    summary,
    details: {
      last_delivery_at: last.receivedAt,
      last_event_type: last.eventType,
      verification: last.verification,
    },
  };
}

// A quarantined delivery is kept (answered 200) and may not come from Quaderno at all: its line
// says so, and never that Quaderno's payment was refused.
import { describe, expect, it } from 'vitest';
import { listActivity } from '../../../main/sales';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-activity-quarantined-');
const ctx = useStoreWithAccount(tmp);

const messages = () =>
  listActivity(ctx.store, ctx.accountId, { limit: 10, offset: 0 }).items.map((i) => i.message);

const quarantine = (body: string, eventType: string | null, reason: string) =>
  ctx.store.events.quarantine({
    accountId: ctx.accountId,
    body,
    headers: {},
    eventType,
    sessionId: null,
    businessKey: null,
    reason,
  });

describe('quarantined deliveries in the activity log', () => {
  it('are told as kept aside and not known to come from Quaderno, each reason ending once', () => {
    quarantine(
      '{"event_type":"checkout.succeeded"}',
      'checkout.succeeded',
      'Signature abc matched no known scheme for: https://x.example/hooks/t.',
    );
    quarantine('not json', null, 'The body is not a JSON object.');
    const lines = messages().sort();
    expect(lines).toEqual([
      'Quarantined a payment, not known to come from Quaderno: Signature abc matched no known scheme for: https://x.example/hooks/t.',
      'Quarantined an unreadable message, not known to come from Quaderno: The body is not a JSON object.',
    ]);
  });
});

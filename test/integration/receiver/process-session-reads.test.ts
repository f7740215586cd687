import { describe, expect, it } from 'vitest';
import { processEvent } from '../../../main/receiver';
import type { SessionsRepo } from '../../../main/store';
import { EBOOK_ITEM, linkSession } from '../../support/link-fixture';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-process-session-reads-');
const rig = useStoreWithAccount(tmp);

// Each read of a session parses its items: processing reads it once per event (issue 16).
function countingReads(sessions: SessionsRepo): { sessions: SessionsRepo; reads: () => number } {
  let reads = 0;
  return {
    sessions: {
      ...sessions,
      get(accountId, id) {
        reads += 1;
        return sessions.get(accountId, id);
      },
    },
    reads: () => reads,
  };
}

function storeEvent(eventType: string, session: number, contact: Record<string, string>): number {
  const body = JSON.stringify({
    event_type: eventType,
    data: {
      object: {
        transaction_details: {
          session,
          session_permalink: `https://shop.quadernoapp.com/checkout/session/${session}`,
          product_id: 'prod_ebook',
          amount_cents: 2100,
          currency: 'EUR',
        },
        contact,
      },
    },
  });
  return rig.store.events.insertVerified({
    accountId: rig.accountId,
    body,
    headers: {},
    eventType,
    sessionId: session,
    businessKey: `${eventType}:session:${session}`,
  }).id;
}

function knownLink(id: number): void {
  const link = linkSession({
    id,
    permalink: `https://shop.quadernoapp.com/checkout/session/${id}`,
    customer: { firstName: 'Jane' },
    items: [EBOOK_ITEM],
    total: 2100,
    createdAt: undefined,
  });
  rig.store.sessions.upsert(rig.accountId, link, { origin: 'console' });
}

/** Processes a stored event of a known link, counting its reads of the session. */
function processKnown(eventType: string, session: number) {
  knownLink(session);
  const counted = countingReads(rig.store.sessions);
  const eventId = storeEvent(eventType, session, {});
  const repos = { ...rig.store, sessions: counted.sessions };
  const result = processEvent(repos, rig.accountId, eventId);
  const [line] = rig.store.activity.list(rig.accountId, { limit: 1, offset: 0 }).items;
  return { result, reads: counted.reads(), line: line?.message ?? '' };
}

describe('processing reads the session once per event', () => {
  it('for a sale of a known link that names no one, with its products, status and name', () => {
    const { result, reads, line } = processKnown('checkout.succeeded', 901);
    expect(result).toMatchObject({ error: null, sessionIds: [901] });
    expect(reads).toBe(1);
    const sale = rig.store.fulfillments.bySession(rig.accountId, 901);
    expect(sale).toMatchObject({
      products: [{ code: 'prod_ebook', name: 'Ebook', quantity: 1, unitAmount: 2100 }],
    });
    expect(rig.store.sessions.get(rig.accountId, 901)?.status).toBe('completed');
    expect(line).toContain('Jane');
  });

  it('for an abandoned checkout of a known link', () => {
    const { result, reads, line } = processKnown('checkout.abandoned', 902);
    expect(result).toMatchObject({ error: null, sessionIds: [902] });
    expect(reads).toBe(1);
    expect(rig.store.sessions.get(rig.accountId, 902)?.status).toBe('abandoned');
    expect(line).toContain('Jane');
    expect(line).toContain('Ebook');
  });
});

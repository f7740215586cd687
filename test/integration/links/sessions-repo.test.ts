// The sessions table as receiver and sync use it: sparse reports never wipe a console link.
import { describe, expect, it } from 'vitest';
import type { NormalizedSession } from '../../../main/quaderno';
import { withRawDb } from '../../support/raw-db';
import { UNKNOWN_CUSTOMER } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir();
const rig = useStoreWithAccount(tmp);

const session = (over: Partial<NormalizedSession> = {}): NormalizedSession => ({
  id: 10,
  status: 'pending',
  permalink: 'https://a/checkout/session/x',
  customer: {
    email: 'Jane@Example.com',
    firstName: 'Jane',
    lastName: 'Doe',
    company: null,
    billingCountry: 'ES',
  },
  items: [{ product: 'p', name: 'Course', quantity: 2, unitAmount: 4900, currency: 'EUR' }],
  total: 9800,
  currency: 'EUR',
  metadata: { console_fingerprint: 'fp1' },
  fingerprint: 'fp1',
  ...over,
});

describe('sessions repo', () => {
  it('reports created, then a status change with the previous status', () => {
    const { accountId } = rig;
    const repo = rig.store.sessions;
    expect(repo.upsert(accountId, session(), { origin: 'console' })).toEqual({
      created: true,
      statusChanged: false,
      previousStatus: null,
      idReused: false,
    });
    expect(repo.upsert(accountId, session({ status: 'completed' }), { origin: 'remote' })).toEqual({
      created: false,
      statusChanged: true,
      previousStatus: 'pending',
      idReused: false,
    });
  });

  it('leaves a stored session alone when its id comes back under another permalink, and says so', () => {
    const { store, accountId } = rig;
    const repo = store.sessions;
    repo.upsert(accountId, session({ status: 'completed' }), { origin: 'console' });
    const before = repo.get(accountId, 10);

    const other = session({
      status: 'pending',
      permalink: 'https://a/checkout/session/y',
      customer: { ...session().customer, email: 'carol@example.net', firstName: 'Carol' },
    });
    const result = repo.upsert(accountId, other, { origin: 'remote' });
    repo.upsert(accountId, other, { origin: 'remote' });

    expect(result).toMatchObject({ created: false, statusChanged: false, idReused: true });
    expect(repo.get(accountId, 10)).toEqual(before);
    const reused = store.activity.list(accountId, {
      kind: 'session_id_reused',
      limit: 10,
      offset: 0,
    });
    expect(reused.items.map((entry) => entry.message)).toEqual([
      expect.stringContaining(
        'Quaderno reused session id 10 for a different checkout link; the earlier link and its sale were kept',
      ),
    ]);
  });

  it('keeps items, customer and fingerprint when a sparse report only brings a status', () => {
    const { accountId } = rig;
    const repo = rig.store.sessions;
    repo.upsert(accountId, session(), { origin: 'console' });
    repo.upsert(
      accountId,
      session({
        status: 'completed',
        items: [],
        total: 0,
        customer: UNKNOWN_CUSTOMER,
        metadata: {},
        fingerprint: null,
      }),
      { origin: 'remote' },
    );
    const link = repo.get(accountId, 10);
    expect(link).toMatchObject({
      status: 'completed',
      total: 9800,
      currency: 'EUR',
      customer: { email: 'Jane@Example.com', firstName: 'Jane', billingCountry: 'ES' },
    });
    expect(repo.findOpenByFingerprint(accountId, 'fp1')).toBeUndefined();
  });

  it('finds the newest open session by fingerprint, counts reuses and knows the newest id', () => {
    const { accountId } = rig;
    const repo = rig.store.sessions;
    repo.upsert(accountId, session({ id: 10 }), { origin: 'console' });
    repo.upsert(accountId, session({ id: 12, status: 'abandoned' }), { origin: 'console' });
    repo.upsert(accountId, session({ id: 14, status: 'failed' }), { origin: 'console' });
    expect(repo.findOpenByFingerprint(accountId, 'fp1')?.id).toBe(12);
    repo.markReused(accountId, 12);
    repo.markReused(accountId, 12);
    expect(repo.get(accountId, 12)?.reuseCount).toBe(2);
    expect(repo.newestId(accountId)).toBe(14);
    expect(repo.newestId(accountId, 'pending')).toBe(10);
    expect(repo.newestId(accountId, 'completed')).toBeNull();
    expect(repo.setStatus(accountId, 10, 'deleted')).toBe(true);
    expect(repo.setStatus(accountId, 10, 'deleted')).toBe(false);
  });

  it('never moves a completed or deleted link back, and takes every move Quaderno itself makes', () => {
    const { accountId } = rig;
    const repo = rig.store.sessions;
    const report = (id: number, status: NormalizedSession['status']) =>
      repo.upsert(accountId, session({ id, status }), { origin: 'remote' });
    report(1, 'completed');
    expect(report(1, 'pending')).toMatchObject({ statusChanged: false });
    expect(report(1, 'abandoned').statusChanged).toBe(false);
    expect(repo.setStatus(accountId, 1, 'failed')).toBe(false);
    expect(repo.get(accountId, 1)?.status).toBe('completed');
    report(2, 'pending');
    expect(repo.setStatus(accountId, 2, 'deleted')).toBe(true);
    expect(report(2, 'pending').statusChanged).toBe(false);
    expect(repo.get(accountId, 2)?.status).toBe('deleted');
    // The customer came back to an abandoned link; a failed payment shows pending until verified.
    report(3, 'abandoned');
    expect(report(3, 'pending').statusChanged).toBe(true);
    report(4, 'failed');
    expect(report(4, 'pending').statusChanged).toBe(true);
    expect(report(4, 'completed').statusChanged).toBe(true);
    expect([3, 4].map((id) => repo.get(accountId, id)?.status)).toEqual(['pending', 'completed']);
  });

  it('searches by email or full name with wildcards taken literally, and pages', () => {
    const { accountId } = rig;
    const repo = rig.store.sessions;
    repo.upsert(accountId, session({ id: 1 }), { origin: 'console' });
    repo.upsert(
      accountId,
      session({
        id: 2,
        customer: {
          email: 'x_y@ex.com',
          firstName: 'Ann',
          lastName: 'Lee',
          company: null,
          billingCountry: null,
        },
      }),
      { origin: 'remote' },
    );
    expect(repo.list(accountId, { search: 'jane doe', limit: 10, offset: 0 }).total).toBe(1);
    expect(
      repo.list(accountId, { search: 'x_y', limit: 10, offset: 0 }).items.map((l) => l.id),
    ).toEqual([2]);
    expect(repo.list(accountId, { search: '%', limit: 10, offset: 0 }).total).toBe(0);
    const page = repo.list(accountId, { limit: 1, offset: 1 });
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
  });

  it('still lists and finds a link whose stored items cannot be read, with no items', () => {
    const { accountId } = rig;
    rig.store.sessions.upsert(accountId, session({ id: 3 }), { origin: 'console' });
    // What a hand edit or an older bug could leave behind.
    withRawDb(rig.store.file, (db) =>
      db.prepare("UPDATE sessions SET items_json = 'not json' WHERE id = 3").run(),
    );
    const found = rig.store.sessions.list(accountId, { search: 'jane doe', limit: 10, offset: 0 });
    expect(found.items.map((l) => [l.id, l.items])).toEqual([[3, []]]);
    expect(rig.store.sessions.get(accountId, 3)?.items).toEqual([]);
  });
});

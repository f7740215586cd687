// The link_drafts repo (schema 11): drafts outlive the store, one holder at a time, in order.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import type { LinkCreateRequest } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-link-drafts-repo-'));

const request = (email: string): LinkCreateRequest => ({
  customer: { email },
  items: [{ product: 'P1', quantity: 1 }],
  forceNew: false,
});

describe('link drafts', () => {
  it('are kept in the file and read back oldest first by the next store', () => {
    t.store.linkDrafts.save(t.accountId, request('a@example.com'), 'a');
    t.store.linkDrafts.save(t.accountId, request('b@example.com'), 'b');
    t.store.close();
    const again = openStore(t.store.file);
    try {
      const rows = again.linkDrafts.list(t.accountId);
      expect(rows.map((d) => [d.status, d.request?.customer.email])).toEqual([
        ['waiting', 'a@example.com'],
        ['waiting', 'b@example.com'],
      ]);
    } finally {
      again.close();
    }
  });

  it('are kept once per purchase: asking again while it waits returns the same draft', () => {
    const first = t.store.linkDrafts.save(t.accountId, request('a@example.com'), 'a');
    const again = t.store.linkDrafts.save(t.accountId, request('a@example.com'), 'a');
    expect(again.id).toBe(first.id);
    t.store.linkDrafts.refused(first.id, 'The product was deleted.');
    expect(t.store.linkDrafts.save(t.accountId, request('a@example.com'), 'a').id).not.toBe(
      first.id,
    );
  });

  it('are held by one claimer at a time, and a claim that ran out is taken again', () => {
    const saved = t.store.linkDrafts.save(t.accountId, request('a@example.com'), 'a');
    const other = openStore(t.store.file);
    try {
      expect(t.store.linkDrafts.claim(t.accountId, 1000, 500)).toMatchObject({
        id: saved.id,
        attempts: 0,
      });
      expect(other.linkDrafts.claim(t.accountId, 1200, 500)).toBeUndefined();
      expect(other.linkDrafts.discard(t.accountId, saved.id, 1200)).toBe(false);
      // The claimer died mid-try, after Quaderno may have made the session: that try counts.
      expect(other.linkDrafts.claim(t.accountId, 1600, 500)).toMatchObject({
        id: saved.id,
        attempts: 1,
      });
    } finally {
      other.close();
    }
  });

  it('keep a refusal’s reason, and count only the attempts that reached Quaderno', () => {
    const a = t.store.linkDrafts.save(t.accountId, request('a@example.com'), 'a');
    const b = t.store.linkDrafts.save(t.accountId, request('b@example.com'), 'b');
    t.store.linkDrafts.refused(a.id, 'The product was deleted.');
    t.store.linkDrafts.release(b.id, 'offline', false);
    t.store.linkDrafts.release(b.id, 'a 500', true);
    const [refused, waiting] = t.store.linkDrafts.list(t.accountId);
    expect(refused).toMatchObject({ status: 'refused', reason: 'The product was deleted.' });
    expect(waiting).toMatchObject({ status: 'waiting', reason: 'a 500', attempts: 1 });
    expect(t.store.linkDrafts.waitingCount(t.accountId)).toBe(1);
  });

  it('waiting for a purchase the merchant made since are settled; held ones are not', () => {
    t.store.linkDrafts.save(t.accountId, request('a@example.com'), 'a');
    t.store.linkDrafts.save(t.accountId, request('b@example.com'), 'b');
    expect(t.store.linkDrafts.settle(t.accountId, 'a', Date.now())).toBe(1);
    t.store.linkDrafts.claim(t.accountId, Date.now(), 60_000);
    expect(t.store.linkDrafts.settle(t.accountId, 'b', Date.now())).toBe(0);
    expect(t.store.linkDrafts.list(t.accountId).map((d) => d.request?.customer.email)).toEqual([
      'b@example.com',
    ]);
  });
});

// A sale whose automatic delivery is in trouble reads so on the sales list, and counts among the
// sales to deliver (review R12 HIGH): each listed sale says how its deliveries stand, read for
// the whole page at once, and the count of sales to deliver takes in those that need attention.
import { describe, expect, it } from 'vitest';
import { emailRule, recordSale } from '../../support/delivery-store';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-sale-delivery-');
const rig = useStoreWithAccount(tmp);
const jobs = () => rig.store.deliveryJobs;
const jobIds = (saleId: number) =>
  jobs()
    .list(rig.accountId, { saleId, limit: 10, offset: 0 })
    .items.map((j) => j.id);
const RETRY_LATER = Date.parse('2099-01-01T00:00:00Z');

/** Sales in every delivery state: by hand, delivering, retrying, stopped, half stopped, done. */
function salesInEveryState() {
  const byHand = recordSale(rig.store, rig.accountId, 1, ['sticker']).id;
  rig.store.deliveryRules.add(rig.accountId, emailRule({ name: 'Ebook', productCode: 'ebook' }));
  rig.store.deliveryRules.add(
    rig.accountId,
    emailRule({ name: 'Ebook too', productCode: 'ebook' }),
  );
  const delivering = recordSale(rig.store, rig.accountId, 2).id;
  const retrying = recordSale(rig.store, rig.accountId, 3).id;
  for (const id of jobIds(retrying)) jobs().failed(id, 'The mail server is busy.', RETRY_LATER);
  const stopped = recordSale(rig.store, rig.accountId, 4).id;
  for (const id of jobIds(stopped)) jobs().failed(id, 'No licence key left.', null);
  // Kim's sale in the review: one rule stopped, the other still retrying.
  const halfStopped = recordSale(rig.store, rig.accountId, 5).id;
  const [first, second] = jobIds(halfStopped);
  jobs().failed(first ?? 0, 'No licence key left.', null);
  jobs().failed(second ?? 0, 'The forward could not connect.', RETRY_LATER);
  const done = recordSale(rig.store, rig.accountId, 6).id;
  for (const id of jobIds(done)) jobs().succeeded(id);
  return { byHand, delivering, retrying, stopped, halfStopped, done };
}

const deliveryOf = (items: Array<{ id: number; delivery?: string }>) =>
  Object.fromEntries(items.map((s) => [s.id, s.delivery ?? null]));

describe("a listed sale's deliveries", () => {
  it('say delivering while a rule still tries and needs attention once any has stopped', () => {
    const s = salesInEveryState();
    const page = rig.store.fulfillments.list(rig.accountId, { limit: 100, offset: 0 });
    expect(deliveryOf(page.items)).toEqual({
      [s.byHand]: null,
      [s.delivering]: 'delivering',
      [s.retrying]: 'delivering',
      [s.stopped]: 'needs_attention',
      [s.halfStopped]: 'needs_attention',
      [s.done]: null,
    });
    expect(rig.store.fulfillments.get(rig.accountId, s.done)?.status).toBe('fulfilled');
  });

  it('are read for searched, filtered and deep pages alike', () => {
    const s = salesInEveryState();
    const searched = rig.store.fulfillments.list(rig.accountId, {
      search: 'ebook',
      limit: 100,
      offset: 0,
      countAhead: 50,
    });
    expect(deliveryOf(searched.items)[s.halfStopped]).toBe('needs_attention');
    const toDeliver = rig.store.fulfillments.list(rig.accountId, {
      status: 'new',
      limit: 2,
      offset: 3,
    });
    // Newest first: sales 6 (done, so fulfilled and left out), 5, 4, 3, 2, 1; from the 4th on.
    expect(deliveryOf(toDeliver.items)).toEqual({ [s.delivering]: 'delivering', [s.byHand]: null });
  });

  it('are not shown for a sale marked fulfilled by hand, which holds them, until Undo', () => {
    const s = salesInEveryState();
    for (const id of [s.delivering, s.halfStopped]) {
      rig.store.fulfillments.markFulfilled(rig.accountId, id, 'Sent by hand');
    }
    const marked = rig.store.fulfillments.list(rig.accountId, { limit: 100, offset: 0 });
    expect(deliveryOf(marked.items)).toMatchObject({
      [s.delivering]: null,
      [s.halfStopped]: null,
      [s.stopped]: 'needs_attention',
    });
    rig.store.fulfillments.undo(rig.accountId, s.halfStopped);
    const undone = rig.store.fulfillments.list(rig.accountId, { limit: 100, offset: 0 });
    expect(deliveryOf(undone.items)[s.halfStopped]).toBe('needs_attention');
  });

  it("are none of another account's jobs", () => {
    const s = salesInEveryState();
    const other = rig.store.fulfillments.list(rig.accountId + 1, { limit: 100, offset: 0 });
    expect(other.items).toEqual([]);
    const mine = rig.store.fulfillments.list(rig.accountId, { limit: 100, offset: 0 });
    expect(deliveryOf(mine.items)[s.stopped]).toBe('needs_attention');
  });
});

describe('the count of sales to deliver', () => {
  it('counts sales by hand and those whose delivery needs attention, not those a rule still tries', () => {
    const s = salesInEveryState();
    // byHand, stopped, halfStopped: not delivering nor retrying, and done is fulfilled.
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(3);
    // A sale the merchant marked fulfilled needs nothing more, whatever its jobs say.
    rig.store.fulfillments.markFulfilled(rig.accountId, s.halfStopped, 'Sent by hand');
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(2);
    // Retry: the stopped sale is being delivered again and leaves the count.
    for (const id of jobIds(s.stopped)) jobs().retry(rig.accountId, id, Date.now());
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(1);
  });
});

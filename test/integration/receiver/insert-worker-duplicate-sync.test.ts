// The insert worker's commit syncs only what it wrote: a copy of an event it finds stored wrote
// nothing, and the stored row may be one this thread committed without waiting for the disk (a
// delivery alone, below offThreadFrom, is answered after this thread's sync). The copies' 200s
// must wait for a sync too, or a power cut loses an event Quaderno was told was received.
import { expect, it } from 'vitest';
import type { Store } from '../../../main/store';
import { keylessEvent } from '../../support/keyless-event';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-insert-worker-dup-');

it('answers copies the worker found stored only after a sync covers the first copy', async () => {
  const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
  // The disk: prompt until the test holds it.
  let syncsAsked = 0;
  let held: Promise<void> | null = null;
  const repos: Store = {
    ...store,
    syncToDisk: () => {
      syncsAsked += 1;
      return (held ?? Promise.resolve()).then(() => store.syncToDisk());
    },
  };
  const { writer, stop } = writerOn(store, repos, { offThreadFrom: 2 });
  // A burst of two starts the worker (stored here while it starts).
  await Promise.all([100, 101].map((n) => writer.insertVerified(keylessEvent(accountId, n))));
  expect(await writer.insertsOffThread()).toBe(true);

  // From now on the disk is slow: each sync waits until the test lets it run.
  let release: () => void = () => {};
  held = new Promise<void>((resolve) => (release = resolve));
  syncsAsked = 0;
  // Copy 1 alone: committed here without waiting for the disk, answered after the held sync.
  const first = writer.insertVerified(keylessEvent(accountId, 1));
  await expect.poll(() => syncsAsked).toBe(1);
  // Two more copies together: the worker finds them stored.
  let copiesAnswered = false;
  const copies = Promise.all([1, 1].map(() => writer.insertVerified(keylessEvent(accountId, 1))));
  void copies.then(() => (copiesAnswered = true));
  await expect
    .poll(() => ({ asked: syncsAsked > 1 || copiesAnswered }), { timeout: 15_000 })
    .toEqual({ asked: true });
  expect(copiesAnswered).toBe(false);

  release();
  const [one, twoAndThree] = await Promise.all([first, copies]);
  expect(twoAndThree).toEqual([
    { id: one.id, duplicate: true },
    { id: one.id, duplicate: true },
  ]);
  await stop();
});

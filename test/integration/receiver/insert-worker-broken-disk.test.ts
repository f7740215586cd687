// After a failed fsync "nothing is acknowledged until the store is opened again" (repos.ts,
// receiver README): the kernel may have dropped the WAL pages it could not write, and a WAL with
// a hole loses every later frame at recovery (checksums chain). Deliveries the worker stores
// must be refused too.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { keylessEvent } from '../../support/keyless-event';
import { replaceFs } from '../../support/replace-fs';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-rev20-broken-');
const cleanups = useCleanups();

it('acknowledges nothing through the worker once a sync of the WAL failed', async () => {
  const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
  const { writer, stop } = writerOn(store, store, { offThreadFrom: 2 });
  // Start the worker with a burst.
  await Promise.all([
    writer.insertVerified(keylessEvent(accountId, 100)),
    writer.insertVerified(keylessEvent(accountId, 101)),
  ]);
  expect(await writer.insertsOffThread()).toBe(true);
  // One delivery alone goes through this thread's commit + syncToDisk; the fsync fails (EIO).
  replaceFs(
    cleanups,
    'fsync',
    () =>
      ((_fd: number, cb: (e: Error | null) => void) =>
        cb(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }))) as typeof fs.fsync,
  );
  await expect(writer.insertVerified(keylessEvent(accountId, 1))).rejects.toThrow();
  await expect(store.syncToDisk()).rejects.toThrow(/could not be saved/); // broken for good
  // A burst next: to the worker.
  const burst = [
    writer.insertVerified(keylessEvent(accountId, 2)),
    writer.insertVerified(keylessEvent(accountId, 3)),
  ];
  const outcome = await Promise.allSettled(burst);
  expect(outcome.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  await stop();
});

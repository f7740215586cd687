// A receiver's group-commit writer on a test store, for the writer and insert-worker tests.
import { createWriter, type WriterOptions } from '../../main/receiver/batching';
import type { Store } from '../../main/store';

/** A writer on `repos` (the store's, or a changed copy); `stop` closes it, then the store. */
export function writerOn(store: Store, repos: Store, options: WriterOptions) {
  let closed = false;
  const writer = createWriter(
    repos,
    () => {},
    () => closed,
    options,
  );
  const stop = async (): Promise<void> => {
    closed = true;
    await writer.close();
    store.close();
  };
  return { writer, stop };
}

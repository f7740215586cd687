// Swaps one node:fs function for the rest of a test, seen by modules that import it by name,
// to watch or fail what the store asks of the disk.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import type { Cleanups } from './cleanups';

type FsFunctionName = 'open' | 'close' | 'fsync' | 'openSync' | 'fsyncSync';

export function replaceFs<K extends FsFunctionName>(
  cleanups: Cleanups,
  name: K,
  fake: (original: (typeof fs)[K]) => (typeof fs)[K],
): void {
  const original = fs[name];
  fs[name] = fake(original);
  syncBuiltinESMExports();
  cleanups.defer(() => {
    fs[name] = original;
    syncBuiltinESMExports();
  });
}

/** Records the path of every `fs.open` for the rest of a test (the files the store opens). */
export function recordOpens(cleanups: Cleanups): string[] {
  const opened: string[] = [];
  replaceFs(
    cleanups,
    'open',
    (original) =>
      ((path: fs.PathLike, ...rest: unknown[]) => {
        opened.push(String(path));
        return (original as (...a: unknown[]) => void)(path, ...rest);
      }) as typeof fs.open,
  );
  return opened;
}

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

// The built-renderer cache is shared by every checkout on the machine: a clean clone running CI
// beside a working tree whose edits make new builds. Pruning must not delete a build another run
// is still serving pages from (a CI run lost its build mid-way and 11 browser tests saw 404s).
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pruneOldBuilds } from '../../support/renderer-build';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-renderer-cache-');

function build(name: string, minutesAgo: number): void {
  const dir = tmp.file(name);
  mkdirSync(dir);
  writeFileSync(tmp.file(name, 'index.html'), '<!doctype html>');
  const at = new Date(Date.now() - minutesAgo * 60_000);
  utimesSync(dir, at, at);
}

describe('the built-renderer cache', () => {
  it('keeps the newest builds and any used within the hour, dropping only old unused ones', async () => {
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) build(name, i);
    build('in-use-by-ci', 20);
    build('abandoned', 180);

    await pruneOldBuilds(tmp.path);

    for (const name of ['a', 'b', 'c', 'd', 'in-use-by-ci']) {
      expect(existsSync(tmp.file(name, 'index.html')), name).toBe(true);
    }
    expect(existsSync(tmp.file('abandoned'))).toBe(false);
  });
});

// Vitest global set-up: builds the CLI bundle bin/checkout-console.js prefers (out/cli/cli.mjs,
// as `npm run build:cli` does) before any test file runs. On a clean clone there is none, and
// every CLI a test spawns then compiles main/ through tsx: ~3× slower to start on 2 loaded
// cores, and the suite spawns the CLI hundreds of times. The launcher still ignores the bundle
// once a source is newer, so an edit made while tests run is never hidden.
import { mkdir, rename, rm, utimes } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const repoRoot = resolve(import.meta.dirname, '../..');
const bundle = join(repoRoot, 'out', 'cli', 'cli.mjs');

export default async function setup(): Promise<void> {
  // Stamped with the time the build started: a source saved during the build stays newer than
  // the bundle, so the launcher does not take a bundle that may have missed that edit.
  const started = new Date();
  const scratch = `${bundle}.tmp-${process.pid}`;
  await mkdir(join(repoRoot, 'out', 'cli'), { recursive: true });
  try {
    // The same options as package.json's build:cli.
    await build({
      entryPoints: [join(repoRoot, 'main', 'cli.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
      outfile: scratch,
    });
  } catch (error) {
    // A half-saved file in main/ must fail only the tests that run it, not every test file:
    // the old bundle (if any) is now older than that file, so the launcher uses the sources.
    await rm(scratch, { force: true });
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`cli-bundle-setup: the CLI bundle was not rebuilt (${reason}).\n`);
    return;
  }
  await utimes(scratch, started, started);
  // Other runs may be spawning the CLI right now: a rename swaps the file whole.
  await rename(scratch, bundle);
}

// Vitest global set-up: builds the CLI bundle bin/checkout-console.js prefers (out/cli/cli.mjs,
// as `npm run build:cli` does) before any test file runs. On a clean clone there is none, and
// every CLI a test spawns then compiles main/ through tsx: ~3× slower to start on 2 loaded
// cores, and the suite spawns the CLI hundreds of times. The launcher still ignores the bundle
// once a source is newer, so an edit made while tests run is never hidden.
import { mkdir, rename, rm, utimes } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { buildCliExternals } from './cli-build-externals';

const repoRoot = resolve(import.meta.dirname, '../..');
const bundle = join(repoRoot, 'out', 'cli', 'cli.mjs');
// The receiver's insert thread, found beside the bundle (main/store/writer.ts), as build:cli
// builds it: without it every CLI a test spawns would insert on its one thread only.
const writerWorker = join(repoRoot, 'out', 'cli', 'writer-worker.mjs');

export default async function setup(): Promise<void> {
  // Stamped with the time the build started: a source saved during the build stays newer than
  // the bundle, so the launcher does not take a bundle that may have missed that edit.
  const started = new Date();
  const scratch = join(repoRoot, 'out', 'cli', `.build-${process.pid}`);
  await mkdir(scratch, { recursive: true });
  try {
    // The same options as package.json's build:cli (its external packages included).
    await build({
      entryPoints: [
        join(repoRoot, 'main', 'cli.ts'),
        join(repoRoot, 'main', 'store', 'writer-worker.ts'),
      ],
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: buildCliExternals(),
      logLevel: 'silent',
      outdir: scratch,
      entryNames: '[name]',
      outExtension: { '.js': '.mjs' },
    });
  } catch (error) {
    // A half-saved file in main/ must fail only the tests that run it, not every test file:
    // the old bundle (if any) is now older than that file, so the launcher uses the sources.
    await rm(scratch, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`cli-bundle-setup: the CLI bundle was not rebuilt (${reason}).\n`);
    return;
  }
  await utimes(join(scratch, 'cli.mjs'), started, started);
  // Other runs may be spawning the CLI right now: a rename swaps each file whole, the worker
  // first, so a new bundle never starts beside an older worker (an old bundle beside a new
  // worker: the worker's messages are zod-checked, and a mismatch only stops the worker).
  await rename(join(scratch, 'writer-worker.mjs'), writerWorker);
  await rename(join(scratch, 'cli.mjs'), bundle);
  await rm(scratch, { recursive: true, force: true });
}

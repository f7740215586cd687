// A TypeScript script a test runs as a child process, bundled into one .mjs (esbuild, as the CLI
// bundle is built), so each child starts from plain JavaScript instead of compiling main/ through
// tsx (4-5 s a child on 2 loaded cores). The child still runs the real main/ code, built from
// the sources as they are when the test file starts.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const repoRoot = resolve(import.meta.dirname, '../..');
// Inside the repository, so packages (left external, as in the CLI bundle) resolve from its
// node_modules; not in out/, which electron-builder packages whole.
const folder = join(repoRoot, 'node_modules', '.cache', 'checkout-console-test-scripts');
const KEEP_UNUSED_MS = 24 * 60 * 60 * 1000;
const built = new Map<string, Promise<string>>();

/** The path of `entry` (relative to the repository, or absolute) bundled as one .mjs. */
export function bundledScript(entry: string): Promise<string> {
  const source = resolve(repoRoot, entry);
  let bundle = built.get(source);
  if (!bundle) {
    bundle = buildScript(source);
    built.set(source, bundle);
  }
  return bundle;
}

async function buildScript(source: string): Promise<string> {
  const result = await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    write: false,
    outfile: join(folder, 'script.mjs'),
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  // Named by its contents: test files running at once share a file only when it is the same
  // code, and vitest ends its workers with a signal, so no file could be removed at their exit.
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const outfile = join(folder, `${basename(source, extname(source))}-${hash}.mjs`);
  await mkdir(folder, { recursive: true });
  if (existsSync(outfile)) {
    const now = new Date();
    await utimes(outfile, now, now);
  } else {
    const scratch = `${outfile}.${process.pid}.tmp`;
    await writeFile(scratch, code);
    await rename(scratch, outfile);
  }
  await removeUnused();
  return outfile;
}

/** Bundles of sources since edited pile up; one not used for a day is removed. */
async function removeUnused(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(folder)) {
    const file = join(folder, name);
    const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: now }));
    if (now - mtimeMs > KEEP_UNUSED_MS) await rm(file, { force: true });
  }
}

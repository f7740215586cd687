// Builds the renderer once per content: the output folder is named after a
// hash of renderer/ (and the contract it imports types from), so a second
// test file or a second run reuses it instead of paying for another build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { rendererTreeshake } from '../../electron.vite.config';

const repoRoot = resolve(import.meta.dirname, '../..');
const rendererRoot = join(repoRoot, 'renderer');
const hashedInputs = [
  rendererRoot,
  join(repoRoot, 'preload'),
  join(repoRoot, 'electron.vite.config.ts'),
];

async function listFiles(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
  if (entries === null) return [path];
  const nested = await Promise.all(
    entries.filter((e) => e.name !== 'node_modules').map((e) => listFiles(join(path, e.name))),
  );
  return nested.flat();
}

/** A hash of every file the renderer bundle is made from. */
export async function rendererSourceHash(): Promise<string> {
  const files = (await Promise.all(hashedInputs.map(listFiles))).flat().sort();
  const hash = createHash('sha256').update(BUILD_RECIPE);
  for (const file of files) {
    hash.update(relative(repoRoot, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Bump when the build options below change, so old cached builds are not reused. */
const BUILD_RECIPE = 'production-1';

let pending: Promise<string> | null = null;

/** The folder holding the built renderer (index.html + assets), building it if needed. */
export function buildRenderer(): Promise<string> {
  pending ??= buildOnce().catch((e: unknown) => {
    pending = null;
    throw e;
  });
  return pending;
}

async function buildOnce(): Promise<string> {
  const cacheRoot = join(tmpdir(), 'checkout-console-renderer');
  const outDir = join(cacheRoot, await rendererSourceHash());
  if (existsSync(join(outDir, 'index.html'))) {
    // Marks it in use, so another checkout's prune (the cache is per machine) leaves it alone.
    const now = new Date();
    await utimes(outDir, now, now).catch(() => undefined);
    return outDir;
  }

  await mkdir(cacheRoot, { recursive: true });
  // Test files run in parallel workers: each builds into its own folder and
  // the first to finish claims the final name with an atomic rename.
  const scratch = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  // Vitest sets NODE_ENV=test, and Vite and the React plugin read it to pick
  // React's development build (which needs eval, refused by our CSP). Test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: rendererRoot,
      plugins: [react()],
      base: './',
      logLevel: 'warn',
      mode: 'production',
      build: {
        outDir: scratch,
        emptyOutDir: true,
        rolldownOptions: { treeshake: rendererTreeshake },
      },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  try {
    await rename(scratch, outDir);
  } catch (e) {
    if (!existsSync(join(outDir, 'index.html'))) throw e;
    await rm(scratch, { recursive: true, force: true });
  }
  await pruneOldBuilds(cacheRoot);
  return outDir;
}

const KEEP_BUILDS = 4;
const SCRATCH_GRACE_MS = 10 * 60_000;
/**
 * The cache is shared by every checkout on the machine (a clean clone running CI beside a working
 * tree): a build used within this time may be serving pages to another run's tests right now.
 */
const IN_USE_GRACE_MS = 60 * 60_000;

/** Every edit of renderer/ makes a new build: keep the newest few, drop abandoned scratch dirs. */
export async function pruneOldBuilds(cacheRoot: string): Promise<void> {
  const entries = await readdir(cacheRoot, { withFileTypes: true });
  const dirs = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => ({
        path: join(cacheRoot, e.name),
        name: e.name,
        ...(await stat(join(cacheRoot, e.name))),
      })),
  );
  const finished = dirs
    .filter((d) => !d.name.includes('.tmp-'))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  const stale = [
    ...finished.slice(KEEP_BUILDS).filter((d) => Date.now() - d.mtimeMs > IN_USE_GRACE_MS),
    ...dirs.filter((d) => d.name.includes('.tmp-') && Date.now() - d.mtimeMs > SCRATCH_GRACE_MS),
  ];
  await Promise.all(stale.map((d) => rm(d.path, { recursive: true, force: true })));
}

#!/usr/bin/env node
// Runs the CLI from its built bundle (`npm run build:cli`) when that is newer than every
// source file, and otherwise straight from the TypeScript sources through tsx, so it works
// right after `npm install` with no build step. The bundle starts faster and uses ~40 MB
// less memory; a stale one is never used.
import { readdirSync, statSync } from 'node:fs';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { nodeBuildIsCurrent } from '../scripts/native-marker.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}out/cli/cli.mjs`;

/** What esbuild can read from main/ and preload/ into the bundle (their READMEs it cannot). */
const BUNDLED = /\.(ts|tsx|json|js|mjs|cjs)$/;

/** @param {string} dir @returns {number} newest mtime (ms) of the bundled files below dir */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (BUNDLED.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** @returns {boolean} */
function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    // The bundle embeds package.json (main/cli.ts prints its version), and esbuild reads
    // tsconfig.json; a dependency moved to another version edits package.json too.
    const configs = ['package.json', 'tsconfig.json'].map((f) => statSync(`${root}${f}`).mtimeMs);
    return (
      built >= Math.max(newestSource(`${root}main`), newestSource(`${root}preload`), ...configs)
    );
  } catch {
    return false;
  }
}

/** @returns {Promise<{ main(argv: string[]): Promise<number> }>} */
async function loadCli() {
  if (bundleIsFresh()) return import(bundle);
  const { register } = await import('tsx/esm/api');
  register();
  return import('../main/cli.ts');
}

/** @param {NodeJS.WriteStream} stream @returns {Promise<void>} once what was written is out */
function flushed(stream) {
  return new Promise((resolve) => {
    // Bounded: a reader that stopped reading must not hold the exit.
    setTimeout(resolve, 2000).unref();
    stream.write('', () => resolve());
  });
}

/**
 * better-sqlite3 and keytar are built for Node or for Electron, never both, and `npm start`
 * switches them to Electron. The marker makes the common case one read; otherwise
 * ensure-native checks for real and rebuilds for Node, saying so in one line.
 * @returns {Promise<boolean>} whether the modules are ready for this Node
 */
async function nativeModulesReady() {
  // Tests stage node_modules in a scratch folder so they never rebuild the real one.
  const nativeRoot = process.env.ENSURE_NATIVE_ROOT ?? root;
  if (nodeBuildIsCurrent(nativeRoot)) return true;
  const { spawnSync } = await import('node:child_process');
  const ensureNative = `${root}scripts/ensure-native.mjs`;
  // Its stdout goes to our stderr: a command's own output (--json, a CSV) stays clean.
  const check = spawnSync(process.execPath, [ensureNative, 'node'], {
    stdio: ['ignore', 2, 2],
    env: { ...process.env, ENSURE_NATIVE_ROOT: nativeRoot },
    // Past ensure-native's own 15-minute bound on the rebuild.
    timeout: 20 * 60_000,
  });
  return check.status === 0;
}

if (!(await nativeModulesReady())) process.exit(1);
const cli = await loadCli();
process.exitCode = await cli.main(process.argv.slice(2));
// The command is done: whatever it left behind (a socket to a server that never answered, a
// timer, a keychain connection) must not keep the process running.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit();

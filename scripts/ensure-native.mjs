#!/usr/bin/env node
// Usage: node scripts/ensure-native.mjs <node|electron>
// better-sqlite3 and keytar are native: one build serves either plain Node (tests, CLI)
// or Electron (the app), never both. This switches the build only when the wrong one is
// in place, so the common case costs one require and prints nothing.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { setTimeout, clearTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import {
  MARKER_FILE,
  markerFor,
  markerNewerThanBinaries,
  nodeBuildIsCurrent,
  readMarker,
} from './native-marker.mjs';
import { acquireRebuildLock, releaseRebuildLock } from './rebuild-lock.mjs';

export { markerFor, nodeBuildIsCurrent };

export const NATIVE_MODULES = ['better-sqlite3', 'keytar'];
const REBUILD_LOG = join('node_modules', '.native-rebuild.log');
// A from-source build takes a minute or two on a slow machine; past this it is stuck.
const REBUILD_TIMEOUT_MS = 15 * 60_000;
// Rebuilding both modules for Electron, headers download included; past this it is stuck.
// Tests shorten it (ENSURE_NATIVE_APP_DEPS_TIMEOUT_MS) to see the message without waiting.
const APP_DEPS_TIMEOUT_MS = Number(process.env.ENSURE_NATIVE_APP_DEPS_TIMEOUT_MS) || 15 * 60_000;
const DOWNLOAD_LOG = join('node_modules', '.electron-download.log');
// About 100 MB; a slow link takes minutes, a black-holed one would otherwise wait forever.
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const ABI_MISMATCH = [
  /NODE_MODULE_VERSION/,
  /compiled against a different Node\.js version/i,
  /Module did not self-register/i,
  /\bABI\b/,
];
const NOT_BUILT = [/Could not locate the bindings file/i, /Cannot find module '[^']*\.node'/i];

/** @param {string} message @returns {'abi' | 'unbuilt' | 'other'} */
export function classifyLoadError(message) {
  if (ABI_MISMATCH.some((p) => p.test(message))) return 'abi';
  if (NOT_BUILT.some((p) => p.test(message))) return 'unbuilt';
  return 'other';
}

/**
 * @param {Array<{ name: string, error: { message: string } | null }>} results
 * @returns {{ action: 'none', warning?: string } | { action: 'rebuild', modules: string, reason: string, warning?: string } | { action: 'fail', reason: string }}
 */
export function planNode(results) {
  const loaded = results
    .filter((r) => r.error !== null)
    .map((r) => ({ ...r, kind: classifyLoadError(r.error.message) }));
  // keytar is loaded only when a key is needed (main/secrets/keychain.ts): a machine without
  // libsecret still runs every command that needs none, `demo` included.
  const keychain = loaded.find((f) => f.name === 'keytar' && f.kind === 'other');
  const libsecret = keychain && /libsecret/.test(keychain.error.message);
  const warning = keychain
    ? `keytar cannot load (${keychain.error.message.split('\n')[0]}); commands that need the system keychain will say so, the others run.${libsecret ? ' Installing libsecret (libsecret-1-0 on Debian/Ubuntu) brings the keychain back.' : ''}`
    : undefined;
  const failures = loaded.filter((f) => f !== keychain);
  if (failures.length === 0) return warning ? { action: 'none', warning } : { action: 'none' };
  // Something a rebuild cannot fix (a missing system library, a deleted package) wins.
  const other = failures.find((f) => f.kind === 'other');
  if (other) {
    return {
      action: 'fail',
      reason: `${other.name} cannot load: ${other.error.message.split('\n')[0]}`,
    };
  }
  const names = failures.map((f) => f.name).join(', ');
  const why = failures.some((f) => f.kind === 'abi')
    ? 'built for another runtime (the Electron app, after npm start?)'
    : 'not built yet';
  return {
    action: 'rebuild',
    modules: names,
    reason: `${names} ${why}; rebuilding for Node ${process.version}, which can take a minute`,
    ...(warning ? { warning } : {}),
  };
}

/** The one sentence for a rebuild that failed: what it needs, and where npm's output went. */
export function rebuildFailure(modules, log) {
  return `could not rebuild ${modules} for Node ${process.version}: this needs a C++ compiler, make and python3, and Node's headers (fetched from nodejs.org the first time; offline, point npm at installed ones, e.g. npm_config_nodedir=/usr with NodeSource's nodejs); install those and run the command again (npm's output is in ${log}).`;
}

export const MISSING_BINARY =
  'the Electron binary is not installed and could not be downloaded (the electron package fetches it from github.com on first use, not during npm install): run `npx install-electron` on a network that reaches github.com, or try `npx checkout-console demo`, which runs without Electron.';

// No download was tried, so "could not be downloaded" would send the reader to the network.
export const SKIPPED_BINARY =
  'the Electron binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded: unset it and run the command again, or run `npx install-electron`, or try `npx checkout-console demo`, which runs without Electron.';

/**
 * @param {string | null} marker what node_modules/.native-abi says now
 * @param {string | null} electronVersion the installed electron package's version
 * @param {boolean} [binaryPresent] whether the Electron executable itself is on disk
 */
export function planElectron(marker, electronVersion, binaryPresent = true) {
  if (!electronVersion) {
    return { action: 'fail', reason: 'the electron package is not installed; run npm ci first' };
  }
  // Checked before any rebuild: without the binary, a minute of rebuilding for Electron ends
  // in electron-vite's bare 'Electron uninstall' anyway.
  if (!binaryPresent) return { action: 'fail', reason: MISSING_BINARY };
  const wanted = markerFor('electron', electronVersion);
  if (marker === wanted) return { action: 'none' };
  const current = marker ? `built for ${marker}` : 'of unknown build';
  return {
    action: 'rebuild',
    reason: `native modules are ${current}; rebuilding for Electron ${electronVersion}`,
  };
}

function writeMarker(root, marker) {
  if (readMarker(root) === marker && markerNewerThanBinaries(root)) return;
  try {
    writeFileSync(join(root, MARKER_FILE), `${marker}\n`);
  } catch (error) {
    // The marker only saves work next time; the modules themselves are fine.
    console.error(`ensure-native: could not record ${marker}: ${error.message}`);
  }
}

function electronVersion(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'))
      .version;
  } catch {
    return null;
  }
}

/**
 * Finds the executable the way electron-vite does (ELECTRON_EXEC_PATH, else the file named by
 * electron/path.txt under electron/dist), which the electron package writes only once its
 * postinstall has downloaded the binary.
 */
export function electronBinaryPresent(root, env = process.env) {
  if (env.ELECTRON_EXEC_PATH) return existsSync(env.ELECTRON_EXEC_PATH);
  const dir = join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    return relative !== '' && existsSync(join(dir, 'dist', relative));
  } catch {
    return false;
  }
}

/** Loads each module far enough to dlopen its binary. */
export function tryLoad(root) {
  const require = createRequire(join(root, 'package.json'));
  return NATIVE_MODULES.map((name) => {
    try {
      const loaded = require(name);
      // better-sqlite3 opens its binary lazily, on the first database.
      if (name === 'better-sqlite3') new loaded(':memory:').close();
      return { name, error: null };
    } catch (error) {
      return { name, error: { message: error instanceof Error ? error.message : String(error) } };
    }
  });
}

const spoken = (ms) =>
  ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;

/**
 * Runs in its own process group so that, past the time limit, what npx started (node-gyp, a
 * download) stops with it instead of running on after this script has given up.
 * @returns {Promise<'ok' | 'failed' | 'timeout'>}
 */
function runBounded(root, command, args, timeout) {
  return new Promise((resolve) => {
    const windows = process.platform === 'win32';
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      shell: windows,
      detached: !windows,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (windows || child.pid === undefined) child.kill();
        else process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }, timeout);
    // Ctrl+C on npm start reaches this script, not the detached group: pass it on.
    const forward = (signal) => {
      if (child.pid !== undefined && !windows) process.kill(-child.pid, signal);
    };
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', () => {});
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve(timedOut ? 'timeout' : code === 0 ? 'ok' : 'failed');
    });
  });
}

/** Runs quietly: npm's and the compiler's output goes to a log, kept for when it fails. */
function runLogged(root, command, args, log, timeout = REBUILD_TIMEOUT_MS, append = false) {
  const fd = openSync(join(root, log), append ? 'a' : 'w', 0o600);
  try {
    const result = spawnSync(command, args, {
      cwd: root,
      stdio: ['ignore', fd, fd],
      shell: process.platform === 'win32',
      timeout,
    });
    return result.status === 0;
  } finally {
    closeSync(fd);
  }
}

function verifyInFreshProcess(root, output = 'inherit') {
  const self = fileURLToPath(import.meta.url);
  const stdio = output === 'quiet' ? 'ignore' : 'inherit';
  return (
    spawnSync(process.execPath, [self, 'node', '--verify-only'], { cwd: root, stdio }).status === 0
  );
}

/**
 * Prebuilt binaries first (what `npm install` used; no compiler needed), and only when those
 * do not load, a build from source.
 */
function rebuildForNode(root, modules) {
  const attempts = [
    ['rebuild', ...NATIVE_MODULES],
    // npm 11 warns that it does not know the flag, but still hands it to the install scripts
    // (as npm_config_build_from_source), which is where prebuild-install reads it.
    ['rebuild', ...NATIVE_MODULES, '--build-from-source'],
  ];
  for (const [index, args] of attempts.entries()) {
    const last = index === attempts.length - 1;
    if (!runLogged(root, 'npm', args, REBUILD_LOG, REBUILD_TIMEOUT_MS, index > 0)) {
      if (last) console.error(`ensure-native: ${rebuildFailure(modules, join(root, REBUILD_LOG))}`);
      continue;
    }
    // A module that failed to dlopen in this process stays suspect; check in a clean one.
    if (verifyInFreshProcess(root, last ? 'inherit' : 'quiet')) return 0;
  }
  return 1;
}

function ensureNode(root, verifyOnly) {
  const plan = planNode(tryLoad(root));
  if (plan.action !== 'fail' && plan.warning && !verifyOnly) {
    console.error(`ensure-native: ${plan.warning}`);
  }
  if (plan.action === 'none') {
    writeMarker(root, markerFor('node', process.versions.modules));
    return 0;
  }
  if (plan.action === 'fail') {
    console.error(`ensure-native: ${plan.reason}`);
    return 1;
  }
  if (verifyOnly) {
    console.error(`ensure-native: still broken after the rebuild: ${plan.reason.split(';')[0]}`);
    return 1;
  }
  console.log(`ensure-native: ${plan.reason}`);
  const lock = acquireRebuildLock(root, REBUILD_TIMEOUT_MS);
  if (lock === 'timeout') {
    console.error(
      `ensure-native: another rebuild of ${plan.modules} has held ${join(root, 'node_modules', '.native-rebuild.lock')} for 15 minutes; stop it (or delete that file) and run the command again.`,
    );
    return 1;
  }
  try {
    if (lock === 'after-another' && verifyInFreshProcess(root, 'quiet')) return 0;
    return rebuildForNode(root, plan.modules);
  } finally {
    releaseRebuildLock(root);
  }
}

/**
 * The electron package no longer downloads its binary at install time but on first
 * require('electron'); electron-vite reads path.txt itself and never triggers that, so the
 * download is done here, with the package's own installer.
 */
function downloadElectron(root, version) {
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installer)) return false;
  console.log(`ensure-native: downloading the Electron ${version} binary (about 100 MB), once`);
  return runLogged(root, process.execPath, [installer], DOWNLOAD_LOG, DOWNLOAD_TIMEOUT_MS);
}

async function ensureElectron(root) {
  const version = electronVersion(root);
  const present =
    electronBinaryPresent(root) ||
    (version !== null && downloadElectron(root, version) && electronBinaryPresent(root));
  const plan = planElectron(readMarker(root), version, present);
  if (plan.action === 'none') return 0;
  if (plan.action === 'fail') {
    const skipped = !present && version !== null && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    console.error(`ensure-native: ${skipped ? SKIPPED_BINARY : plan.reason}`);
    return 1;
  }
  console.log(`ensure-native: ${plan.reason}`);
  const deps = await runBounded(
    root,
    'npx',
    ['electron-builder', 'install-app-deps'],
    APP_DEPS_TIMEOUT_MS,
  );
  if (deps !== 'ok') {
    console.error(
      deps === 'timeout'
        ? `ensure-native: electron-builder install-app-deps was still running after ${spoken(APP_DEPS_TIMEOUT_MS)} and was stopped; check the network (it fetches Electron's headers) and run npm start again.`
        : 'ensure-native: electron-builder install-app-deps failed; see the output above.',
    );
    return 1;
  }
  writeMarker(root, markerFor('electron', version));
  return 0;
}

/** @returns {number | Promise<number>} */
export function main(argv, root) {
  const [runtime, flag] = argv;
  if (runtime === 'node') return ensureNode(root, flag === '--verify-only');
  if (runtime === 'electron') return ensureElectron(root);
  console.error('usage: node scripts/ensure-native.mjs <node|electron>');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Tests point ENSURE_NATIVE_ROOT at a scratch project so they never touch the real marker.
  const root =
    process.env.ENSURE_NATIVE_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
  process.exitCode = await main(process.argv.slice(2), root);
}

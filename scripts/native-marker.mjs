// What node_modules/.native-abi says the native modules are built for, apart from
// ensure-native.mjs so that the CLI launcher's check on every run loads only node:fs.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MARKER_FILE = join('node_modules', '.native-abi');
// Where both packages leave their compiled binary, whether built here or by prebuild-install.
const NATIVE_BINARIES = [
  join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  join('node_modules', 'keytar', 'build', 'Release', 'keytar.node'),
];

/** `electron-<version>` or `node-<NODE_MODULE_VERSION>`: what the native builds target. */
export function markerFor(runtime, version) {
  return `${runtime}-${version}`;
}

export function readMarker(root) {
  try {
    return readFileSync(join(root, MARKER_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function newestBinaryMs(root) {
  return Math.max(
    ...NATIVE_BINARIES.map((file) => {
      try {
        return statSync(join(root, file)).mtimeMs;
      } catch {
        return Infinity;
      }
    }),
  );
}

/**
 * The CLI launcher's fast path: one read and three stats. The marker counts only while it is
 * newer than both binaries, so a rebuild that bypassed this script (npm rebuild, an
 * electron-builder package run with npmRebuild) sends the launcher to a real load check.
 */
export function nodeBuildIsCurrent(root) {
  return (
    readMarker(root) === markerFor('node', process.versions.modules) &&
    markerNewerThanBinaries(root)
  );
}

export function markerNewerThanBinaries(root) {
  try {
    return newestBinaryMs(root) <= statSync(join(root, MARKER_FILE)).mtimeMs;
  } catch {
    return false;
  }
}

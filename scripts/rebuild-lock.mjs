// One rebuild of the native modules at a time: several commands started together after
// `npm start` (a shell script, a test run) would otherwise run npm rebuild over the same
// build folders at once and leave half-written binaries.
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = join('node_modules', '.native-rebuild.lock');
const POLL_MS = 200;
// A holder writes its pid right after creating the file; an empty file younger than this is
// a holder caught in between, not a crashed one.
const PID_GRACE_MS = 10_000;

/** A synchronous pause: this script runs nothing else meanwhile. */
function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function holderAlive(path) {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (!Number.isInteger(pid) || pid <= 0) {
      return Date.now() - statSync(path).mtimeMs < PID_GRACE_MS;
    }
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, under another user. ENOENT: released meanwhile, so not held.
    return error?.code === 'EPERM';
  }
}

/**
 * Takes the lock, waiting up to timeoutMs for a live holder; a dead holder's lock is taken over.
 * @returns {'acquired' | 'after-another' | 'timeout'} 'after-another': someone else held it
 * first, so their rebuild may already have done the job.
 */
export function acquireRebuildLock(root, timeoutMs) {
  const path = join(root, LOCK_FILE);
  const deadline = Date.now() + timeoutMs;
  let waited = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return waited ? 'after-another' : 'acquired';
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
    }
    if (!holderAlive(path)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) return 'timeout';
    waited = true;
    pause(POLL_MS);
  }
}

export function releaseRebuildLock(root) {
  rmSync(join(root, LOCK_FILE), { force: true });
}

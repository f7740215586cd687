// The data folder's locks (receiver, sandbox, export folder) as two processes meet them: one
// that holds a lock keeps the other out, and two that ask at the same moment never both lose.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { takeFileLock } from '../../../main/store';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-file-lock-');

/**
 * Another process in the middle of asking for the lock: it has read the lock file (SQLite's
 * shared lock, which exclusive locking mode keeps) and gives up `ms` later, as a second
 * takeFileLock refused at that step does. Resolves once it holds the shared lock.
 */
function contender(file: string, ms: number): Promise<void> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    console.log('reading');
    setTimeout(() => db.close(), ${ms});`;
  const child = spawn(process.execPath, ['-e', script, file], { cwd: process.cwd() });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'reading') resolve();
    });
    child.once('close', (code) => reject(new Error(`the contender exited with ${code}`)));
  });
}

describe('file lock', () => {
  it('is taken by the one of two processes asking at once whose rival gives up, not refused to both', async () => {
    const file = tmp.file('receiver-1.lock');
    writeFileSync(file, '');
    // Well inside takeFileLock's 500 ms wait, so a slow machine still sees the rival go first.
    await contender(file, 100);
    const lock = takeFileLock(file);
    expect(lock).not.toBe('held');
    if (lock !== 'held') lock.release();
  });

  it('stays held while its holder lives, and is taken again once released', () => {
    const file = tmp.file('receiver-2.lock');
    writeFileSync(file, '');
    const first = takeFileLock(file);
    expect(first).not.toBe('held');
    expect(takeFileLock(file)).toBe('held');
    if (first !== 'held') first.release();
    const next = takeFileLock(file);
    expect(next).not.toBe('held');
    if (next !== 'held') next.release();
  });
});

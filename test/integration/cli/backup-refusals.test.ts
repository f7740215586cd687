// `backup` and `restore` against a database another process holds: neither may report success
// with nothing done, nor leave the data folder without its database or with scratch files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { firstLine, startScript, stopProcess } from '../../support/line-process';
import { countIn } from '../../support/read-only-db';
import { bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { defer } = useCleanups();

const DB = () => tmp.file('checkout-console.sqlite');
const cli = (args: string[]) =>
  runCli(['--data-dir', tmp.path, ...args], { env: bareEnv(tmp.path) });

// Holds the database the way a busy writer would: WAL with an exclusive lock after one write,
// or (HOLD=open) just an open connection, like the app sitting idle.
const HOLDER = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1]);
if (process.argv[2] === 'lock') {
  db.pragma('journal_mode = WAL');
  db.pragma('locking_mode = EXCLUSIVE');
  db.prepare("INSERT INTO settings (key, value) VALUES ('holder', '1')").run();
} else {
  db.prepare('SELECT count(*) FROM settings').get();
}
console.log('holding');
process.on('SIGTERM', () => { db.close(); process.exit(0); });
setInterval(() => {}, 1000);
`;

/** Starts a holder (see HOLDER) and resolves, once it holds the database, with its release. */
async function hold(mode: 'lock' | 'open'): Promise<() => Promise<void>> {
  const holder = startScript(HOLDER, [DB(), mode]);
  defer(() => stopProcess(holder, 'SIGKILL'));
  await firstLine(holder);
  return async () => {
    await stopProcess(holder);
  };
}

const settingsRows = (file: string): number => countIn(file, 'SELECT count(*) FROM settings');

describe('checkout-console backup of a locked database', { timeout: 180_000 }, () => {
  it('exits 1 saying the data is locked and writes no FILE, then works once the lock is gone', async () => {
    expect((await cli(['config'])).code).toBe(0);
    const release = await hold('lock');
    const locked = await cli(['backup', tmp.file('out.sqlite')]);
    expect(locked.code).toBe(1);
    expect(locked.stdout).toBe('');
    expect(locked.stderr).toMatch(/locked.*Close the app and other checkout-console commands/);
    expect(existsSync(tmp.file('out.sqlite'))).toBe(false);
    expect(readdirSync(tmp.path).filter((f) => f.includes('out.sqlite'))).toEqual([]);

    await release();
    const freed = await cli(['backup', tmp.file('out.sqlite')]);
    expect(freed.stderr).toBe('');
    expect(freed.code).toBe(0);
    expect(statSync(tmp.file('out.sqlite')).size).toBeGreaterThan(0);
    expect(settingsRows(tmp.file('out.sqlite'))).toBe(settingsRows(DB()));
  });
});

describe('checkout-console backup FILE that is not a new file', { timeout: 120_000 }, () => {
  it('refuses the live database itself and its -wal, even with --force', async () => {
    expect((await cli(['config'])).code).toBe(0);
    const before = statSync(DB()).ino;
    const out = await cli(['backup', DB(), '--force']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/is the console's live database/);
    expect(statSync(DB()).ino).toBe(before);
    // Its -wal too: a copy renamed there would be read as the database's log at the next open.
    const wal = await cli(['backup', `${DB()}-wal`, '--force']);
    expect(wal.code).toBe(1);
    expect(wal.stderr).toMatch(/is the console's live database/);
    expect(existsSync(`${DB()}-wal`)).toBe(false);
  });

  it('says in words, not Node error text, that the folder does not exist', async () => {
    expect((await cli(['config'])).code).toBe(0);
    const out = await cli(['backup', tmp.file('missing', 'deeper', 'x.sqlite')]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/a folder on the way does not exist/);
    expect(out.stderr).not.toMatch(/ENOENT|no such file/);
  });
});

describe(
  'checkout-console restore while the database is open elsewhere',
  { timeout: 180_000 },
  () => {
    it('asks to close the app and other commands, exits 1, and changes nothing', async () => {
      expect((await cli(['config'])).code).toBe(0);
      expect((await cli(['backup', tmp.file('b.sqlite')])).code).toBe(0);
      const release = await hold('open');
      const rows = settingsRows(DB());
      const out = await cli(['restore', tmp.file('b.sqlite')]);
      await release();
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(
        'Close the app and other checkout-console commands, then run restore again; nothing was changed.',
      );
      expect(readdirSync(tmp.path).filter((f) => /before-restore|\.restore-/.test(f))).toEqual([]);
      expect(settingsRows(DB())).toBe(rows);
    });
  },
);

// `checkout-console backup FILE` / `restore FILE` as real processes: a consistent copy while
// another process writes, a restore that brings the backed-up sales back and keeps what it
// replaced, and refusals (a receiver running, a file that is not ours, a newer schema) that
// leave the current data as it was.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { migrations } from '../../../main/store/migrations';
import { useCleanups } from '../../support/cleanups';
import { firstLine, startCli, startScript, stopProcess } from '../../support/line-process';
import { countIn, quickCheck } from '../../support/read-only-db';
import {
  CLI,
  accountEnv,
  bareEnv,
  collect,
  runCli,
  type Finished,
} from '../../support/run-process';
import { openAtVersion } from '../../support/old-schema';
import { useTempDir } from '../../support/temp-dir';
import { sessions, waitFor } from '../sync/helpers';

const tmp = useTempDir();
const { closing, defer } = useCleanups();

const DB = () => tmp.file('checkout-console.sqlite');
const cli = (args: string[], env: NodeJS.ProcessEnv = bareEnv(tmp.path)) =>
  runCli(['--data-dir', tmp.path, ...args], { env });

async function saleCount(env: NodeJS.ProcessEnv): Promise<number> {
  const listed = await cli(['fulfillments', '--json'], env);
  expect(listed.stderr).toBe('');
  return (JSON.parse(listed.stdout) as { total: number }).total;
}

/** Rows written by the writer process, counted in a database file. */
const writerRows = (file: string): number =>
  countIn(file, "SELECT count(*) FROM settings WHERE key LIKE 'writer.%'");

/** The backup's scratch copy (or FILE) is there, or the CLI already ended: no point waiting. */
const started = (child: ChildProcess, dir: string): boolean =>
  child.exitCode !== null || child.signalCode !== null || readdirSync(dir).length > 0;

/** `backup out/NAME` into a fresh folder `out`, stopped with SIGTERM once its copy is under way. */
async function backupStopped(name: string): Promise<Finished> {
  mkdirSync(tmp.file('out'));
  const child = spawn(process.execPath, [
    CLI,
    '--data-dir',
    tmp.path,
    'backup',
    tmp.file('out', name),
  ]);
  const finished = collect(child);
  await waitFor('the backup to start', () => started(child, tmp.file('out')), 120_000);
  child.kill('SIGTERM');
  return finished;
}

// Another process writing to the database as the app or `listen` would: WAL, small transactions.
const WRITER = `
import Database from 'better-sqlite3';
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
let n = 0;
let stopping = false;
process.on('SIGTERM', () => { stopping = true; });
const step = () => {
  if (stopping) { db.close(); console.log('wrote ' + n); return; }
  db.transaction(() => { for (let i = 0; i < 20; i += 1) put.run('writer.' + (n += 1), '1'); })();
  if (n === 200) console.log('writing');
  setImmediate(step);
};
step();
`;

describe('checkout-console backup', { timeout: 180_000 }, () => {
  it('copies a consistent database, private to the user, while another process keeps writing', async () => {
    expect((await cli(['config'])).code).toBe(0); // creates the data file
    const writer = startScript(WRITER, [DB()]);
    defer(() => stopProcess(writer, 'SIGKILL'));
    await firstLine(writer);

    const backup = await cli(['backup', tmp.file('backup.sqlite')]);
    const atBackup = writerRows(DB());
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Backed up .* to .*backup\.sqlite/);
    // The writer is not held up: it goes on writing after the backup.
    await waitFor('the writer to write more', () => writerRows(DB()) > atBackup + 100, 60_000);
    expect(await stopProcess(writer)).toBe(0);
    expect(writer.stderr()).toBe('');

    expect(statSync(tmp.file('backup.sqlite')).mode & 0o777).toBe(0o600);
    expect(existsSync(tmp.file('backup.sqlite-wal'))).toBe(false);
    expect(quickCheck(tmp.file('backup.sqlite'))).toBe('ok');
    const copied = writerRows(tmp.file('backup.sqlite'));
    expect(copied).toBeGreaterThanOrEqual(200);
    expect(copied % 20).toBe(0); // whole transactions only
    expect(copied).toBeLessThanOrEqual(atBackup);

    const again = await cli(['backup', tmp.file('backup.sqlite')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/backup\.sqlite already exists.*--force/);
    expect((await cli(['backup', tmp.file('backup.sqlite'), '--force'])).code).toBe(0);
    expect(writerRows(tmp.file('backup.sqlite'))).toBe(writerRows(DB()));
  });
});

describe('checkout-console backup stopped by a signal', { timeout: 180_000 }, () => {
  it('leaves no partial copy behind: FILE is either whole or absent', async () => {
    expect((await cli(['config'])).code).toBe(0);
    const db = new Database(DB());
    const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    const big = 'x'.repeat(1024 * 1024);
    db.transaction(() => {
      for (let i = 0; i < 300; i += 1) put.run(`bulk.${i}`, big);
    })();
    db.close();

    // The copy is being written once its scratch file is there: stop it then.
    const ended = await backupStopped('big.sqlite');
    expect([0, 143], ended.stderr).toContain(ended.code);
    const left = readdirSync(tmp.file('out'));
    expect(left.filter((f) => f !== 'big.sqlite')).toEqual([]);
    if (left.includes('big.sqlite')) {
      expect(quickCheck(tmp.file('out', 'big.sqlite'))).toBe('ok');
    }
  });
});

describe(
  'checkout-console backup stopped while it waits for a locked database',
  { timeout: 180_000 },
  () => {
    it('removes its scratch copy before it exits and writes no FILE', async () => {
      expect((await cli(['config'])).code).toBe(0);
      // Another program holding the data locked keeps the backup in its retry loop: a signal then
      // lands between two tries, the moment the old CLI exited without removing its scratch copy.
      const holder = closing(new Database(DB()));
      holder.pragma('locking_mode = EXCLUSIVE');
      holder.exec('BEGIN EXCLUSIVE');
      holder.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('holder', '1');

      const ended = await backupStopped('locked.sqlite');
      expect(ended.stderr).toMatch(/Stopped\./);
      expect(ended.code, ended.stderr).toBe(143);
      expect(readdirSync(tmp.file('out'))).toEqual([]);
    });
  },
);

describe('checkout-console restore', { timeout: 180_000 }, () => {
  it('brings back the backed-up sales and keeps the data it replaced beside it', async () => {
    const sb = closing(await startSandbox());
    const env = accountEnv(tmp.path, sb);
    await sessions(sb, 2);
    expect((await cli(['sync'], env)).code).toBe(0);
    expect(await saleCount(env)).toBe(2);
    expect((await cli(['backup', tmp.file('two-sales.sqlite')])).code).toBe(0);

    await sessions(sb, 1);
    expect((await cli(['sync'], env)).code).toBe(0);
    expect(await saleCount(env)).toBe(3);

    const restored = await cli(['restore', tmp.file('two-sales.sqlite')]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = /kept in (.*before-restore-[^\s]*)\.$/m.exec(restored.stdout)?.[1];
    expect(kept, restored.stdout).toBeDefined();
    expect(await saleCount(bareEnv(tmp.path))).toBe(2);
    expect(statSync(DB()).mode & 0o777).toBe(0o600);
    expect(countIn(kept ?? '', 'SELECT count(*) FROM fulfillments')).toBe(3);
  });

  it('refuses a file that is not a database, a newer schema, and a running receiver, changing nothing', async () => {
    const sb = closing(await startSandbox());
    const env = accountEnv(tmp.path, sb);
    await sessions(sb, 1);
    expect((await cli(['sync'], env)).code).toBe(0);
    const files = () => readdirSync(tmp.path).filter((f) => f.includes('before-restore')).length;

    writeFileSync(tmp.file('notes.txt'), 'not a database\n'.repeat(100));
    const junk = await cli(['restore', tmp.file('notes.txt')]);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/notes\.txt is not a Checkout Console backup.*Nothing was changed/);

    expect((await cli(['backup', tmp.file('newer.sqlite')])).code).toBe(0);
    const newer = new Database(tmp.file('newer.sqlite'));
    newer.pragma(`user_version = ${migrations.length + 1}`);
    newer.close();
    const fromNewer = await cli(['restore', tmp.file('newer.sqlite')]);
    expect(fromNewer.code).toBe(1);
    expect(fromNewer.stderr).toMatch(/written by a newer version of Checkout Console/);

    const listen = startCli(['--data-dir', tmp.path, 'listen'], env);
    defer(() => stopProcess(listen, 'SIGKILL'));
    await listen.line('listen to listen', (l) => /Listening for sales/.test(l), 60_000);
    const busy = await cli(['restore', tmp.file('newer.sqlite')]);
    expect(await stopProcess(listen)).toBe(0);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/checkout-console listen \(pid \d+\).*nothing was changed/);

    expect(files()).toBe(0);
    expect(await saleCount(env)).toBe(1);
  });

  it('replaces a database SQLite cannot read, and keeps it with its -wal as it was', async () => {
    expect((await cli(['config'])).code).toBe(0);
    expect((await cli(['backup', tmp.file('b.sqlite')])).code).toBe(0);
    const damaged = 'not a database any more\n'.repeat(400);
    writeFileSync(DB(), damaged);
    writeFileSync(`${DB()}-wal`, 'what the log held');

    const restored = await cli(['restore', tmp.file('b.sqlite')]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = /kept in (.*before-restore-[^\s]*)\.$/m.exec(restored.stdout)?.[1] ?? '';
    expect(readFileSync(kept, 'utf8')).toBe(damaged);
    expect(readFileSync(`${kept}-wal`, 'utf8')).toBe('what the log held');
    expect(existsSync(`${DB()}-wal`)).toBe(false);
    expect(quickCheck(DB())).toBe('ok');
    expect((await cli(['accounts', '--json'])).code).toBe(0);
  });

  it('brings back the commits a backup still holds in its -wal, and leaves its files as they were', async () => {
    expect((await cli(['config'])).code).toBe(0);
    expect((await cli(['backup', tmp.file('b.sqlite')])).code).toBe(0);
    // A database copied while in use (or after a crash): its last commit only in its -wal.
    const hot = tmp.file('hot.sqlite');
    const db = new Database(tmp.file('b.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("INSERT INTO settings (key, value) VALUES ('hot.marker', '1')").run();
    copyFileSync(tmp.file('b.sqlite'), hot);
    copyFileSync(tmp.file('b.sqlite-wal'), `${hot}-wal`);
    db.close();
    const wal = readFileSync(`${hot}-wal`);

    const restored = await cli(['restore', hot]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(countIn(DB(), "SELECT count(*) FROM settings WHERE key = 'hot.marker'")).toBe(1);
    expect(readFileSync(`${hot}-wal`).equals(wal)).toBe(true);
    expect(existsSync(`${hot}-shm`)).toBe(false);
    expect(readdirSync(tmp.path).filter((f) => f.includes('.restore-'))).toEqual([]);
  });

  it('brings a backup from an older version up to date', async () => {
    openAtVersion(tmp.file('old.sqlite'), 2).close();
    const restored = await cli(['restore', tmp.file('old.sqlite')]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/schema 2 to \d+/);
    const accounts = await cli(['accounts', '--json']);
    expect(JSON.parse(accounts.stdout)).toEqual([expect.objectContaining({ name: 'older' })]);
  });
});

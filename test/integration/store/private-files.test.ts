// Customer data (names, e-mails, sales) must not be readable by other users of the machine.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-private-');
const mode = (path: string) => statSync(path).mode & 0o777;

/** Opens the store at `file`, writes to it and expects its folder 0700 and its three files 0600. */
function expectPrivateAfterAWrite(file: string): void {
  const store = openStore(file);
  try {
    store.settings.set('locale', 'es'); // a write, so the -wal and -shm files exist
    expect(mode(dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
  } finally {
    store.close();
  }
}

describe.skipIf(process.platform === 'win32')('the data folder and database files', () => {
  it('are created readable by this user only: folder 0700, database, -wal and -shm 0600', () => {
    expectPrivateAfterAWrite(tmp.file('data', 'console.db'));
  });

  it('are tightened on open when an older version left them 0755 and 0644', () => {
    const dir = tmp.file('data');
    const file = tmp.file('data', 'console.db');
    openStore(file).close();
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    chmodSync(`${file}-wal`, 0o644);

    expectPrivateAfterAWrite(file);
  });

  it('leave a folder of the merchant that holds no database of ours as it was', () => {
    const dir = tmp.file('documents');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const file = tmp.file('documents', 'console.db');
    openStore(file).close();
    expect(mode(dir)).toBe(0o755);
    expect(mode(file)).toBe(0o600);
  });
});

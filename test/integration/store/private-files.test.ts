// Customer data (names, e-mails, sales) must not be readable by other users of the machine.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-private-');
const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the data folder and database files', () => {
  it('are created readable by this user only: folder 0700, database, -wal and -shm 0600', () => {
    const file = tmp.file('data', 'console.db');
    const store = openStore(file);
    try {
      store.settings.set('locale', 'es'); // a write, so the -wal and -shm files exist
      expect(mode(tmp.file('data'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      store.close();
    }
  });

  it('are tightened on open when an older version left them 0755 and 0644', () => {
    const dir = tmp.file('data');
    const file = tmp.file('data', 'console.db');
    openStore(file).close();
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    chmodSync(`${file}-wal`, 0o644);

    const store = openStore(file);
    try {
      store.settings.set('locale', 'es');
      expect(mode(dir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      store.close();
    }
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

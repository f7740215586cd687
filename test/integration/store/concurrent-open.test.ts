import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { latestVersion } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations';
import { bundledScript } from '../../support/script-bundle';

const tmp = useTempDir('cc-concurrent-');
const CHILD = 'test/integration/store/fixtures/open-and-add.ts';

interface Child {
  ready: Promise<void>;
  done: Promise<{ code: number | null; stderr: string }>;
}

function startChild(script: string, file: string, apiUrl: string, goFile: string): Child {
  const child = spawn(process.execPath, [script, file, apiUrl, goFile]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stderr }));
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

describe('several processes opening one fresh data file', () => {
  it('all succeed, migrate once and keep every write', async () => {
    const file = tmp.file('data', 'console.db');
    const goFile = tmp.file('go');
    const urls = [1, 2, 3, 4].map((n) => `http://127.0.0.1:${4000 + n}/api/`);
    const script = await bundledScript(CHILD);
    const children = urls.map((url) => startChild(script, file, url, goFile));
    await Promise.all(children.map((c) => c.ready));
    writeFileSync(goFile, '');
    const results = await Promise.all(children.map((c) => c.done));
    expect(results).toEqual(urls.map(() => ({ code: 0, stderr: '' })));

    const store = openStore(file);
    try {
      const version = withRawDb(store.file, (db) => db.pragma('user_version', { simple: true }));
      expect(version).toBe(latestVersion(migrations));
      expect(
        store.accounts
          .list()
          .map((a) => a.apiUrl)
          .sort(),
      ).toEqual(urls);
    } finally {
      store.close();
    }
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IPC_PREFIX } from '../../../preload/contract';
import { createFakeElectron } from '../../support/fake-electron';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let outDir = '';

// One real `electron-vite build`, into a scratch folder so the shared out/ is left alone.
beforeAll(() => {
  outDir = join(mkdtempSync(join(tmpdir(), 'cc-build-')), 'out');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    { cwd: root, env, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(join(outDir, '..'), { recursive: true, force: true });
});

function specifiers(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|\n)\s*import\s[^;]*?from\s*["']([^"']+)["']/g))
    found.add(match[1] ?? '');
  for (const match of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
    found.add(match[1] ?? '');
  for (const match of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g))
    found.add(match[1] ?? '');
  return [...found].sort();
}

describe('npx electron-vite build', () => {
  it('produces the three entry points the app and package.json point at', () => {
    for (const file of [
      'main/index.js',
      'main/writer-worker.js',
      'preload/index.cjs',
      'renderer/index.html',
    ]) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
    }
  });

  it('leaves main importing only Electron, Node built-ins and declared dependencies', () => {
    const pkg = z
      .object({ dependencies: z.record(z.string(), z.string()) })
      .parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
    const allowed = new Set(['electron', ...builtinModules, ...Object.keys(pkg.dependencies)]);
    // The entries and every chunk they share (events' code is in both): a relative import
    // must be a file of the build, read in turn.
    const imported = new Set<string>();
    const read = new Set<string>();
    const pending = ['main/index.js', 'main/writer-worker.js'].map((f) => join(outDir, f));
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (read.has(file)) continue;
      read.add(file);
      for (const s of specifiers(readFileSync(file, 'utf8'))) {
        if (s.startsWith('.')) pending.push(join(dirname(file), s));
        else imported.add(s);
      }
    }
    expect(read.size).toBeGreaterThan(2);
    expect([...imported]).toContain('electron');
    const stray = [...imported].filter((s) => !allowed.has(s.replace(/^node:/, '')));
    expect(stray).toEqual([]);
  });

  it('bundles a preload that needs nothing but electron, as a sandboxed preload must', async () => {
    const electron = createFakeElectron();
    const requested: string[] = [];
    const sandboxRequire = (id: string): unknown => {
      requested.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(join(outDir, 'preload/index.cjs'), 'utf8'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
    });
    expect(requested).toEqual(['electron']);

    const exposed = z
      .object({
        invoke: z.custom<(name: string, input: unknown) => Promise<unknown>>(
          (v) => typeof v === 'function',
        ),
      })
      .parse(electron.contextBridge.exposed.get('checkoutConsole'));
    electron.ipcRenderer.responder = async () => ({ ok: true, value: { version: '1.0.0' } });
    await expect(exposed.invoke('app.info', {})).resolves.toEqual({ version: '1.0.0' });
    expect(electron.ipcRenderer.invocations[0]?.channel).toBe(IPC_PREFIX + 'app.info');
  });

  it('builds a renderer page that loads its assets relative to itself, as file: URLs need', () => {
    const html = readFileSync(join(outDir, 'renderer/index.html'), 'utf8');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    const assets = sources.filter((s) => !s.startsWith('data:'));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset.startsWith('./')).toBe(true);
      expect(existsSync(join(outDir, 'renderer', asset))).toBe(true);
    }
  });
});

// `npm start` / `npm run dev` on a machine without the Electron binary (the electron package
// downloads it on first use, not during npm install): it is fetched once if it can be,
// otherwise one sentence says what is missing and what to do, before any rebuild for Electron.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchProject } from '../../support/native-scratch';
import { collect } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('native-electron-');
const nodeMarker = `node-${process.versions.modules}`;
const checkout = fileURLToPath(new URL('../../../', import.meta.url));
const { electronBinaryPresent } = (await import(
  /* @vite-ignore */ new URL('../../../scripts/ensure-native.mjs', import.meta.url).href
)) as { electronBinaryPresent: (root: string) => boolean };

function npm(args: string[], root: string, extra: NodeJS.ProcessEnv = {}) {
  // The machine's own ELECTRON_EXEC_PATH or ELECTRON_SKIP_BINARY_DOWNLOAD (CI sets the latter
  // for npm ci) would decide the outcome instead; a test that wants one passes it in `extra`.
  const {
    ELECTRON_EXEC_PATH: _ignored,
    ELECTRON_SKIP_BINARY_DOWNLOAD: _skip,
    ...inherited
  } = process.env;
  const env = { ...inherited, ENSURE_NATIVE_ROOT: root, ...extra };
  // Bounded well past the old behaviour's minute of rebuilding.
  return collect(spawn('npm', args, { env, shell: process.platform === 'win32' }), '', 120_000);
}

function ensureElectron(root: string, extra: NodeJS.ProcessEnv = {}) {
  return npm(['exec', '--', 'node', 'scripts/ensure-native.mjs', 'electron'], root, extra);
}

describe('starting the app without the Electron binary', () => {
  it.each([
    ['start', ['start']],
    ['run dev', ['run', 'dev']],
  ])(
    '`npm %s` names the missing binary, how to get it and the demo, without rebuilding',
    async (_name, args) => {
      const project = scratchProject(tmp.path);
      project.fakeElectron('45.5.0', 'absent');
      project.writeMarker(nodeMarker);

      const run = await npm(args, project.root);

      expect(run.code).toBe(1);
      const ours = run.stderr.split('\n').filter((line) => line.startsWith('ensure-native:'));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toContain('Electron binary is not installed');
      expect(ours[0]).toContain('`npx install-electron`');
      expect(ours[0]).toContain('npx checkout-console demo');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/rebuilding for Electron|\n\s+at /);
      // Nothing was rebuilt: the modules are still the Node build.
      expect(project.readMarker()).toBe(nodeMarker);
    },
  );

  it('downloads the binary with the electron package installer, then starts without rebuilding', async () => {
    const project = scratchProject(tmp.path);
    project.fakeElectron('45.5.0', 'absent', 'downloads');
    project.writeMarker('electron-45.5.0');
    const run = await ensureElectron(project.root);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('downloading the Electron 45.5.0 binary');
  });

  it('offline, says so in one sentence instead of the installer stack trace', async () => {
    const project = scratchProject(tmp.path);
    project.fakeElectron('45.5.0', 'absent', 'offline');
    project.writeMarker(nodeMarker);
    const run = await ensureElectron(project.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^ensure-native: the Electron binary is not installed and could not be downloaded/,
    );
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/ENOTFOUND|\n\s+at /);
    expect(project.readMarker()).toBe(nodeMarker);
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD set, says the binary is not installed and why, not that a download failed', async () => {
    const project = scratchProject(tmp.path);
    project.fakeElectron('45.5.0', 'absent', 'downloads');
    project.writeMarker(nodeMarker);
    const run = await ensureElectron(project.root, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ensure-native: the Electron binary is not installed/);
    expect(run.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    expect(run.stderr).not.toContain('could not be downloaded');
    expect(run.stdout).not.toContain('downloading');
  });

  it('treats a path.txt whose binary is gone from dist/ as missing', async () => {
    const project = scratchProject(tmp.path);
    project.fakeElectron('45.5.0', 'path-only');
    project.writeMarker(nodeMarker);
    const run = await ensureElectron(project.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Electron binary is not installed');
  });

  it('goes ahead silently when the binary is there and the modules are built for it', async () => {
    const project = scratchProject(tmp.path);
    project.fakeElectron('45.5.0', 'present');
    project.writeMarker('electron-45.5.0');
    expect(await ensureElectron(project.root)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('finds the binary where electron-vite would, through ELECTRON_EXEC_PATH', async () => {
    const project = scratchProject(tmp.path);
    project.fakeElectron('45.5.0', 'absent');
    project.fakePackage('own-electron', { electron: '' });
    project.writeMarker('electron-45.5.0');
    const run = await ensureElectron(project.root, {
      ELECTRON_EXEC_PATH: tmp.file('node_modules', 'own-electron', 'electron'),
    });
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  // Where the binary is installed this would start the app: only machines without it run this.
  it.skipIf(electronBinaryPresent(checkout))(
    '`npm start` in this checkout stops in one sentence and leaves the Node build in place',
    async () => {
      const { ENSURE_NATIVE_ROOT: _scratch, ELECTRON_EXEC_PATH: _own, ...env } = process.env;
      // No download attempt either: a test must not fetch 100 MB into the shared tree.
      const child = spawn('npm', ['start'], {
        cwd: checkout,
        env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
        shell: process.platform === 'win32',
      });
      const marker = () => readFileSync(join(checkout, 'node_modules', '.native-abi'), 'utf8');
      const before = marker();
      const run = await collect(child, '', 120_000);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/ensure-native: the Electron binary is not installed/);
      expect(marker()).toBe(before);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/rebuilding for Electron|\n\s+at /);
    },
  );
});

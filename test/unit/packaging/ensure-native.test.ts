import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

type Plan =
  | { action: 'none'; warning?: string }
  | { action: 'rebuild' | 'fail'; reason: string; warning?: string };
type LoadResult = { name: string; error: { message: string } | null };

const script = fileURLToPath(new URL('../../../scripts/ensure-native.mjs', import.meta.url));
const repoModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));

const isFunction = (value: unknown) => typeof value === 'function';
// The script is plain JS with no type declarations: its exports are checked at the boundary.
const scriptExports = z.object({
  planNode: z.custom<(results: LoadResult[]) => Plan>(isFunction),
  planElectron:
    z.custom<(marker: string | null, version: string | null, binaryPresent?: boolean) => Plan>(
      isFunction,
    ),
  markerFor: z.custom<(runtime: string, version: string) => string>(isFunction),
});

let api: z.infer<typeof scriptExports>;
beforeAll(async () => {
  api = scriptExports.parse(await import(/* @vite-ignore */ new URL(`file://${script}`).href));
});

const abiError =
  "The module '/x/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 143. This version of Node.js requires\nNODE_MODULE_VERSION 115.";

describe('deciding what Node needs', () => {
  it('does nothing when both modules load', () => {
    expect(
      api.planNode([
        { name: 'better-sqlite3', error: null },
        { name: 'keytar', error: null },
      ]),
    ).toEqual({ action: 'none' });
  });

  it('rebuilds when a module was compiled for another runtime, and says which', () => {
    const plan = api.planNode([
      { name: 'better-sqlite3', error: { message: abiError } },
      { name: 'keytar', error: null },
    ]);
    expect(plan).toMatchObject({
      action: 'rebuild',
      reason: expect.stringContaining('better-sqlite3'),
    });
  });

  it('rebuilds when a binary was never built', () => {
    const plan = api.planNode([
      {
        name: 'better-sqlite3',
        error: { message: 'Could not locate the bindings file. Tried: …' },
      },
      { name: 'keytar', error: { message: "Cannot find module '../build/Release/keytar.node'" } },
    ]);
    expect(plan).toMatchObject({ action: 'rebuild', reason: expect.stringContaining('not built') });
  });

  it('refuses to rebuild for a failure a rebuild cannot fix, naming the cause', () => {
    const plan = api.planNode([
      {
        name: 'better-sqlite3',
        error: { message: "/lib/libstdc++.so.6: version `GLIBCXX_3.4.30' not found" },
      },
      { name: 'keytar', error: null },
    ]);
    expect(plan).toEqual({
      action: 'fail',
      reason: "better-sqlite3 cannot load: /lib/libstdc++.so.6: version `GLIBCXX_3.4.30' not found",
    });
  });

  it('only warns when keytar cannot load for a reason a rebuild cannot fix (no libsecret)', () => {
    const libsecret = 'libsecret-1.so.0: cannot open shared object file: No such file or directory';
    const plan = api.planNode([
      { name: 'better-sqlite3', error: { message: abiError } },
      { name: 'keytar', error: { message: libsecret } },
    ]);
    expect(plan).toMatchObject({
      action: 'rebuild',
      modules: 'better-sqlite3',
      warning: expect.stringContaining(`keytar cannot load (${libsecret})`),
    });
    expect(
      api.planNode([
        { name: 'better-sqlite3', error: null },
        { name: 'keytar', error: { message: libsecret } },
      ]),
    ).toMatchObject({ action: 'none', warning: expect.stringContaining('the others run') });
  });
});

describe('deciding what Electron needs', () => {
  it('does nothing when the marker names this Electron version', () => {
    expect(api.planElectron('electron-45.5.0', '45.5.0')).toEqual({ action: 'none' });
  });

  it.each([['node-115'], ['electron-39.0.0'], [null]])(
    'rebuilds when the marker says %s',
    (marker) => {
      expect(api.planElectron(marker, '45.5.0')).toMatchObject({
        action: 'rebuild',
        reason: expect.stringContaining('Electron 45.5.0'),
      });
    },
  );

  it.each([['node-115'], ['electron-45.5.0']])(
    'fails before any rebuild when the Electron binary is missing (marker %s), saying what to do',
    (marker) => {
      expect(api.planElectron(marker, '45.5.0', false)).toEqual({
        action: 'fail',
        reason: expect.stringMatching(
          /Electron binary.*`npx install-electron`.*checkout-console demo/,
        ),
      });
    },
  );

  it('fails when Electron is not installed at all', () => {
    expect(api.planElectron(null, null)).toMatchObject({ action: 'fail' });
  });

  it('names markers after the runtime and its version', () => {
    expect(api.markerFor('node', process.versions.modules)).toBe(
      `node-${process.versions.modules}`,
    );
  });
});

describe('running the script', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function scratchProject(): string {
    const root = mkdtempSync(join(tmpdir(), 'ensure-native-'));
    roots.push(root);
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'scratch', version: '1.0.0' }),
    );
    return root;
  }

  function fakePackage(
    root: string,
    name: string,
    files: Record<string, string>,
    scripts = {},
  ): void {
    const dir = join(root, 'node_modules', name);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', main: 'index.js', scripts }),
    );
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  }

  /** Electron 45.5.0 with its downloaded binary, as the electron package's postinstall leaves it. */
  function fakeElectronPackage(root: string): void {
    const dir = join(root, 'node_modules', 'electron');
    fakePackage(root, 'electron', {
      'package.json': JSON.stringify({ name: 'electron', version: '45.5.0' }),
      'path.txt': 'electron',
    });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
  }

  function run(root: string, runtime: string) {
    const result = spawnSync(process.execPath, [script, runtime], {
      env: { ...process.env, ENSURE_NATIVE_ROOT: root },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const marker = (root: string) => join(root, 'node_modules', '.native-abi');

  it('is silent and records the Node ABI when the real modules already load', () => {
    const root = scratchProject();
    // The real, already-built modules, linked in so the real marker is never touched.
    for (const name of ['better-sqlite3', 'keytar']) {
      symlinkSync(join(repoModules, name), join(root, 'node_modules', name), 'dir');
    }
    expect(run(root, 'node')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(marker(root), 'utf8').trim()).toBe(`node-${process.versions.modules}`);
    const written = statSync(marker(root)).mtimeMs;
    expect(run(root, 'node')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(statSync(marker(root)).mtimeMs).toBe(written);
  });

  /** An install script that records each run; `works` says which kind of run repairs it. */
  function repairScript(works: 'prebuilt' | 'from-source'): string {
    return [
      "const fs = require('fs');",
      'const fromSource = process.env.npm_config_build_from_source === "true";',
      "fs.appendFileSync('runs.txt', (fromSource ? 'from-source' : 'prebuilt') + '\\n');",
      `if (fromSource === ${JSON.stringify(works === 'from-source')})`,
      "  fs.writeFileSync('index.js', 'module.exports = class { close() {} };');",
    ].join('\n');
  }
  const runs = (root: string) =>
    readFileSync(join(root, 'node_modules', 'better-sqlite3', 'runs.txt'), 'utf8');

  it('rebuilds a module built for another runtime from its prebuilt binary, says why once, then verifies', () => {
    const root = scratchProject();
    fakePackage(
      root,
      'better-sqlite3',
      {
        'index.js': `throw new Error(${JSON.stringify(abiError)});`,
        'repair.js': repairScript('prebuilt'),
      },
      { install: 'node repair.js' },
    );
    fakePackage(root, 'keytar', { 'index.js': 'module.exports = {};' });

    const result = run(root, 'node');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter((l) => l.startsWith('ensure-native:'))).toHaveLength(1);
    expect(runs(root)).toBe('prebuilt\n');
    expect(readFileSync(marker(root), 'utf8').trim()).toBe(`node-${process.versions.modules}`);
  });

  it('builds from source only when the prebuilt binary still does not load', () => {
    const root = scratchProject();
    const repair = repairScript('from-source');
    fakePackage(
      root,
      'better-sqlite3',
      { 'index.js': `throw new Error(${JSON.stringify(abiError)});`, 'repair.js': repair },
      { install: 'node repair.js' },
    );
    fakePackage(root, 'keytar', { 'index.js': 'module.exports = {};' });

    const result = run(root, 'node');
    expect(result.status).toBe(0);
    const ours = result.stdout.split('\n').filter((line) => line.startsWith('ensure-native:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('better-sqlite3');
    expect(runs(root)).toBe('prebuilt\nfrom-source\n');
    expect(readFileSync(marker(root), 'utf8').trim()).toBe(`node-${process.versions.modules}`);
  });

  it('fails without rebuilding when a module cannot load for another reason', () => {
    const root = scratchProject();
    fakePackage(root, 'better-sqlite3', {
      'index.js': "throw new Error('libstdc++.so.6: cannot open shared object file');",
    });
    fakePackage(root, 'keytar', { 'index.js': 'module.exports = {};' });
    const result = run(root, 'node');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('better-sqlite3 cannot load: libstdc++.so.6');
    expect(result.stdout).toBe('');
  });

  it('succeeds with one warning when only keytar cannot load (no libsecret): the keychain is optional', () => {
    const root = scratchProject();
    fakePackage(root, 'better-sqlite3', { 'index.js': 'module.exports = class { close() {} };' });
    fakePackage(root, 'keytar', {
      'index.js': "throw new Error('libsecret-1.so.0: cannot open shared object file');",
    });
    const result = run(root, 'node');
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^ensure-native: keytar cannot load \(libsecret-1\.so\.0.*the others run/,
      ),
    ]);
    expect(result.stderr).toContain('libsecret-1-0 on Debian/Ubuntu');
    expect(readFileSync(marker(root), 'utf8').trim()).toBe(`node-${process.versions.modules}`);
  });

  it(
    'stops electron-builder install-app-deps at its time limit and says what to do',
    { timeout: 90_000 },
    async () => {
      const root = scratchProject();
      fakeElectronPackage(root);
      // An install-app-deps that hangs (a black-holed headers download); it ends itself later
      // anyway, so a failure here leaves nothing behind for long.
      mkdirSync(join(root, 'node_modules', '.bin'));
      const hang = join(root, 'node_modules', '.bin', 'electron-builder');
      writeFileSync(
        hang,
        "#!/usr/bin/env node\nrequire('fs').writeFileSync(process.argv[1] + '.pid', String(process.pid));\nsetTimeout(() => {}, 20000);\n",
        { mode: 0o755 },
      );

      // Output to a file: a pipe would also wait for whatever the stopped npx left running.
      const log = join(root, 'out.log');
      const runWithLimit = (limitMs: number) => {
        const fd = openSync(log, 'w');
        const result = spawnSync(process.execPath, [script, 'electron'], {
          env: {
            ...process.env,
            ENSURE_NATIVE_ROOT: root,
            ENSURE_NATIVE_APP_DEPS_TIMEOUT_MS: String(limitMs),
          },
          stdio: ['ignore', fd, fd],
          timeout: 60_000,
        });
        closeSync(fd);
        return result;
      };
      // The limit must outlast npx's own start, or the fake never runs and nothing is left to
      // stop (3 s was too short once at load ~25): doubled until the fake has run.
      let limitMs = 3_000;
      let result = runWithLimit(limitMs);
      while (!existsSync(`${hang}.pid`) && limitMs < 24_000) {
        limitMs *= 2;
        result = runWithLimit(limitMs);
      }
      expect(result.status).toBe(1);
      expect(readFileSync(log, 'utf8')).toMatch(
        new RegExp(
          `install-app-deps was still running after ${limitMs / 1000} seconds and was stopped; check the network.*npm start again`,
        ),
      );
      // What it had started is stopped too, not left running after the script gave up.
      const pid = Number(readFileSync(`${hang}.pid`, 'utf8'));
      // Gone, or a zombie nobody reaps (a container's init): either way no longer running.
      const running = () =>
        /^[^Z]/.test(
          spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout,
        );
      // The signal is sent before the script exits; dying takes the process a moment more.
      await expect.poll(running, { timeout: 10_000 }).toBe(false);
    },
  );

  it('is silent for Electron when the marker already names the installed version', () => {
    const root = scratchProject();
    fakeElectronPackage(root);
    writeFileSync(marker(root), 'electron-45.5.0\n');
    expect(run(root, 'electron')).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('explains its usage when the runtime is missing', () => {
    const result = run(scratchProject(), 'deno');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage');
  });
});

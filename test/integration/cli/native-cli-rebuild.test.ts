// `checkout-console` after `npm start` (native modules built for Electron): the launcher
// rebuilds them for Node saying so in one line, or fails in one sentence; when the marker
// says the Node build is in place, it loads nothing extra.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ABI_ERROR, scratchProject, type ScratchProject } from '../../support/native-scratch';
import { startCli } from '../../support/line-process';
import { CLI, bareEnv, collect, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('native-cli-');
const nodeMarker = `node-${process.versions.modules}`;

/** The launcher looks for the native modules in `project` instead of this repository. */
const envFor = (project: ScratchProject) => bareEnv(tmp.path, { ENSURE_NATIVE_ROOT: project.root });

const cliIn = (project: ScratchProject, args: string[]) => runCli(args, { env: envFor(project) });

/** better-sqlite3 as `npm start` leaves it: built for Electron; its install script says how a rebuild goes. */
function builtForElectron(project: ScratchProject, rebuild: 'works' | 'fails'): void {
  const repair =
    rebuild === 'works'
      ? `${REPAIRED} require('fs').appendFileSync('runs.txt', 'rebuilt\\n');`
      : "console.error('gyp ERR! find Python'); process.exit(1);";
  project.fakePackage(
    'better-sqlite3',
    { 'index.js': `throw new Error(${JSON.stringify(ABI_ERROR)});`, 'repair.js': repair },
    { install: 'node repair.js' },
  );
  project.fakePackage('keytar', { 'index.js': 'module.exports = {};' });
}

/** A scratch project as `npm start` leaves it, the marker naming `marker` (Electron's by default). */
function electronProject(rebuild: 'works' | 'fails', marker = 'electron-45.5.0'): ScratchProject {
  const project = scratchProject(tmp.path);
  builtForElectron(project, rebuild);
  project.writeMarker(marker);
  return project;
}

function binaries(project: ScratchProject, at: Date): void {
  for (const file of [
    ['better-sqlite3', 'better_sqlite3.node'],
    ['keytar', 'keytar.node'],
  ] as const) {
    const dir = join(project.root, 'node_modules', file[0], 'build', 'Release');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file[1]), '');
    utimesSync(join(dir, file[1]), at, at);
  }
}

const REPAIRED =
  "require('fs').writeFileSync('index.js', 'module.exports = class { close() {} };');";
const lockFile = (project: ScratchProject) =>
  join(project.root, 'node_modules', '.native-rebuild.lock');
const packageFile = (project: ScratchProject, file: string) =>
  join(project.root, 'node_modules', 'better-sqlite3', file);

/** Resolves once the child has printed a line matching pattern on stderr (bounded). */
function printed(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`never printed ${pattern}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer | string) => {
      seen += String(chunk);
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

const ours = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('ensure-native:'));

describe('the CLI after the app rebuilt the native modules for Electron', () => {
  it('rebuilds them for Node, says so in one line on stderr, then runs the command', async () => {
    const project = electronProject('works');

    const run = await cliIn(project, ['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: checkout-console');
    expect(run.stdout).not.toContain('ensure-native');
    expect(ours(run.stderr)).toEqual([
      expect.stringMatching(/better-sqlite3 built for another runtime.*rebuilding for Node/),
    ]);
    expect(project.readMarker()).toBe(nodeMarker);
  });

  it('fails in one sentence naming what a rebuild needs when it cannot rebuild', async () => {
    const project = electronProject('fails');

    const run = await cliIn(project, ['--help']);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = ours(run.stderr);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /could not rebuild better-sqlite3 for Node .*C\+\+ compiler.*\.native-rebuild\.log/,
    );
    // Offline, Node's headers cannot be fetched: the README's fix, named where it is needed.
    expect(lines[1]).toContain('npm_config_nodedir=/usr');
    expect(run.stderr).not.toMatch(/gyp ERR|\n\s+at /);
  });

  it('loads nothing extra when the marker names this Node and is newer than the binaries', async () => {
    // Would fail loudly if the launcher loaded it.
    const project = electronProject('fails', nodeMarker);
    binaries(project, new Date(Date.now() - 60_000));

    const run = await cliIn(project, ['--help']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('checks for real when a binary was rebuilt after the marker (npm rebuild, a package build)', async () => {
    const project = electronProject('works', nodeMarker);
    binaries(project, new Date(Date.now() + 60_000));

    const run = await cliIn(project, ['--help']);

    expect(run.code).toBe(0);
    expect(ours(run.stderr)).toEqual([expect.stringContaining('rebuilding for Node')]);
  });

  it('waits for a rebuild already under way and uses its result instead of rebuilding again', async () => {
    const project = electronProject('works');
    // Another command's rebuild, held by a live process (this one).
    writeFileSync(lockFile(project), String(process.pid));

    const child = spawn(process.execPath, [CLI, '--help'], { env: envFor(project) });
    const finished = collect(child);
    await printed(child, /rebuilding for Node/);
    // The other rebuild finishes: the module loads and the lock is released.
    spawnSync(process.execPath, ['-e', REPAIRED], { cwd: packageFile(project, '') });
    rmSync(lockFile(project));

    const run = await finished;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: checkout-console');
    expect(existsSync(packageFile(project, 'runs.txt'))).toBe(false);
    expect(project.readMarker()).toBe(nodeMarker);
  });

  it('takes over the lock of a rebuild whose process is gone, and rebuilds once', async () => {
    const project = electronProject('works');
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    });
    writeFileSync(lockFile(project), gone.stdout.trim());

    const run = await cliIn(project, ['--help']);

    expect(run.code).toBe(0);
    expect(readFileSync(packageFile(project, 'runs.txt'), 'utf8')).toBe('rebuilt\n');
    expect(existsSync(lockFile(project))).toBe(false);
  });
});

describe('the CLI on a machine where keytar cannot load (no libsecret)', () => {
  it(
    'still runs demo, which needs no keychain, after one warning line',
    { timeout: 120_000 },
    async () => {
      const project = scratchProject(tmp.path);
      project.fakePackage('better-sqlite3', {
        'index.js': 'module.exports = class { close() {} };',
      });
      project.fakePackage('keytar', {
        'index.js':
          "throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');",
      });

      const run = startCli(['--data-dir', join(tmp.path, 'data'), 'demo'], envFor(project));
      try {
        const link = await run.line('the sample link', (l) =>
          /^http:\/\/127\.0\.0\.1:\d+\//.test(l),
        );
        expect(link).toMatch(/\/checkout\/session\//);
      } finally {
        run.child.kill('SIGINT');
      }

      expect(await run.exited).toBe(0);
      expect(ours(run.stderr())).toEqual([
        expect.stringMatching(/keytar cannot load \(libsecret-1\.so\.0.*the others run/),
      ]);
      expect(project.readMarker()).toBe(nodeMarker);
    },
  );
});

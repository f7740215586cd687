// The launcher (bin/checkout-console.js) runs the built bundle only when nothing it was built
// from is newer. The bundle embeds package.json (`--version` prints its version), so an edited
// package.json, such as a dependency moved to another version, makes it stale like a source edit.
import { cpSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareEnv, runProcess } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('launcher-freshness-');
const repoRoot = resolve(import.meta.dirname, '../../..');

/** Which CLI answers says where it was loaded from. */
const cliSaying = (from: string) =>
  `export async function main() { console.log(${JSON.stringify(from)}); return 0; }\n`;

/**
 * A copy of the launcher in a scratch project whose bundle and sources say which one ran; the
 * real node_modules (tsx, the native marker) are shared read-only.
 */
function scratchProject() {
  const root = tmp.path;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  // scripts/ whole: the launcher checks the native modules through it before loading the CLI.
  for (const path of ['bin/checkout-console.js', 'scripts'])
    cpSync(join(repoRoot, path), join(root, path), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  write('package.json', JSON.stringify({ type: 'module', dependencies: { zod: '^4.0.0' } }));
  write('tsconfig.json', '{}');
  write('main/cli.ts', cliSaying('sources'));
  write('preload/contract.ts', 'export {};\n');
  write('out/cli/cli.mjs', cliSaying('bundle'));
  const at = (path: string, seconds: number) => {
    const when = new Date(Date.UTC(2026, 10, 30, 9, 0, seconds));
    utimesSync(join(root, path), when, when);
  };
  for (const path of ['package.json', 'tsconfig.json', 'main/cli.ts', 'preload/contract.ts'])
    at(path, 0);
  at('out/cli/cli.mjs', 10);
  return {
    at,
    write,
    run: () =>
      runProcess(process.execPath, [join(root, 'bin/checkout-console.js')], {
        env: bareEnv(tmp.path, { ENSURE_NATIVE_ROOT: repoRoot }),
      }),
  };
}

describe('the CLI launcher’s choice between the bundle and the sources', () => {
  it('runs the bundle when it is newer than everything it was built from', async () => {
    const project = scratchProject();
    await expect(project.run()).resolves.toMatchObject({ code: 0, stdout: 'bundle\n' });
  });

  it('runs the sources once a source file is newer than the bundle', async () => {
    const project = scratchProject();
    project.at('preload/contract.ts', 20);
    await expect(project.run()).resolves.toMatchObject({ code: 0, stdout: 'sources\n' });
  });

  it('runs the sources once package.json is newer than the bundle (a dependency changed)', async () => {
    const project = scratchProject();
    project.write(
      'package.json',
      JSON.stringify({ type: 'module', dependencies: { zod: '^4.1.0' } }),
    );
    project.at('package.json', 20);
    await expect(project.run()).resolves.toMatchObject({ code: 0, stdout: 'sources\n' });
  });
});

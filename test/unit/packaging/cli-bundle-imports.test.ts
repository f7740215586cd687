// Every `checkout-console` command pays the import of what the CLI bundle loads at start-up: a
// package only some commands use is imported where they use it, and zod (100-odd ES modules
// read one by one) is built into the bundle. Read from esbuild's own record of the bundle built
// with package.json's build:cli flags, not from the bundle's text.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { buildCliExternals } from '../../support/cli-build-externals';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function cliMetafile(): Promise<Metafile> {
  const result = await build({
    entryPoints: [`${root}main/cli.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: buildCliExternals(),
    logLevel: 'silent',
    outfile: `${root}out/cli/cli.mjs`,
    write: false,
    metafile: true,
  });
  return result.metafile;
}

/** The packages the bundle imports, by how: `import-statement` or `dynamic-import`. */
function importedPackages(metafile: Metafile): Map<string, Set<string>> {
  const builtins = new Set(builtinModules);
  const byPackage = new Map<string, Set<string>>();
  for (const { path, kind, external } of Object.values(metafile.outputs).flatMap(
    (o) => o.imports,
  )) {
    if (!external || path.startsWith('node:') || builtins.has(path)) continue;
    const name = path
      .split('/')
      .slice(0, path.startsWith('@') ? 2 : 1)
      .join('/');
    byPackage.set(name, (byPackage.get(name) ?? new Set()).add(kind));
  }
  return byPackage;
}

/** The packages whose code esbuild put into the bundle. */
function bundledPackages(metafile: Metafile): string[] {
  const names = Object.keys(metafile.inputs).flatMap((input) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    return match?.[1] === undefined ? [] : [match[1]];
  });
  return [...new Set(names)].sort();
}

describe('the CLI bundle', () => {
  it('loads only better-sqlite3 at start-up, and nodemailer, qrcode and keytar when first used', async () => {
    const imports = importedPackages(await cliMetafile());
    const atStart = [...imports].filter(([, kinds]) => kinds.has('import-statement'));
    expect(atStart.map(([name]) => name).sort()).toEqual(['better-sqlite3']);
    for (const later of ['keytar', 'nodemailer', 'qrcode'])
      expect([...(imports.get(later) ?? [])], later).toEqual(['dynamic-import']);
  }, 60_000);

  it('holds zod and no other package: a native module or a new dependency stays external', async () => {
    expect(bundledPackages(await cliMetafile())).toEqual(['zod']);
  }, 60_000);
});

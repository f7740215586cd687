// Every `checkout-console` command pays the import of what the CLI bundle loads at start-up; a
// package only some commands use is imported where they use it. Read from esbuild's own record
// of the bundle's imports (package.json's build:cli options), not from the bundle's text.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The packages out/cli/cli.mjs imports, by how: `import-statement` or `dynamic-import`. */
async function cliImports(): Promise<Map<string, Set<string>>> {
  const result = await build({
    entryPoints: [`${root}main/cli.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    outfile: `${root}out/cli/cli.mjs`,
    write: false,
    metafile: true,
  });
  const outputs = Object.values(result.metafile.outputs);
  const builtins = new Set(builtinModules);
  const byPackage = new Map<string, Set<string>>();
  for (const { path, kind, external } of outputs.flatMap((o) => o.imports)) {
    if (!external || path.startsWith('node:') || builtins.has(path)) continue;
    const name = path
      .split('/')
      .slice(0, path.startsWith('@') ? 2 : 1)
      .join('/');
    byPackage.set(name, (byPackage.get(name) ?? new Set()).add(kind));
  }
  return byPackage;
}

describe('the CLI bundle', () => {
  it('loads only zod and better-sqlite3 at start-up, and nodemailer, qrcode and keytar when first used', async () => {
    const imports = await cliImports();
    const atStart = [...imports].filter(([, kinds]) => kinds.has('import-statement'));
    expect(atStart.map(([name]) => name).sort()).toEqual(['better-sqlite3', 'zod']);
    for (const later of ['keytar', 'nodemailer', 'qrcode'])
      expect([...(imports.get(later) ?? [])], later).toEqual(['dynamic-import']);
  }, 60_000);
});

// The packages package.json's build:cli leaves for Node to load (`--external:NAME`); everything
// else is built into the bundle. The test and bench bundles of main/ take the same list, so the
// processes they start load what a shipped CLI loads (zod built in, not read file by file).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const root = new URL('../../', import.meta.url);

/** build:cli's `--external:NAME` names; throws if build:cli leaves every package external. */
export function buildCliExternals(): string[] {
  const pkg = z
    .object({ scripts: z.object({ 'build:cli': z.string() }) })
    .parse(JSON.parse(readFileSync(new URL('package.json', root), 'utf8')));
  const flags = pkg.scripts['build:cli'].split(/\s+/);
  if (flags.includes('--packages=external')) {
    throw new Error('build:cli leaves every package external: list the external ones by name.');
  }
  return flags.flatMap((f) => (f.startsWith('--external:') ? [f.slice('--external:'.length)] : []));
}

// `npm audit` cannot reach its advisory service from our build machines, so the
// advisories we know of are pinned here and checked against what the lockfile resolves.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const lockfile = z.object({
  lockfileVersion: z.number().min(2),
  packages: z.record(z.string(), z.object({ version: z.string().optional() }).loose()),
});

/** Lowest version free of every advisory we track, per package. */
const firstSafe: Record<string, string> = {
  // localtunnel 2.0.2 pins 0.21.4: CSRF (GHSA-wf5p-g6vw-rhxx), SSRF via absolute URLs
  // (GHSA-jr5f-v2jv-69x6) and unbounded data: URIs (GHSA-4hjh-wcwx-xvwj, fixed in 1.12.0).
  axios: '1.12.0',
  // axios 1.x depends on it; releases before 1.15.6 leak Proxy-Authorization across hosts.
  'follow-redirects': '1.15.6',
};

function compare(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function resolved(name: string): Array<{ path: string; version: string }> {
  const lock = lockfile.parse(JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')));
  return Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([path, entry]) => ({ path, version: entry.version ?? '0.0.0' }));
}

describe('installed dependencies', () => {
  it('resolve localtunnel to a patched axios (the override holds)', () => {
    const axios = resolved('axios');
    expect(axios.length).toBeGreaterThan(0);
    for (const { version } of axios)
      expect(compare(version, firstSafe.axios ?? '0')).toBeGreaterThanOrEqual(0);
  });

  it.each(Object.keys(firstSafe))('resolve no %s release with a known advisory', (name) => {
    const found = resolved(name);
    expect(found.length).toBeGreaterThan(0); // a stale entry here should be removed, not pass silently
    for (const { path, version } of found) {
      expect({ path, safe: compare(version, firstSafe[name] ?? '0') >= 0 }).toEqual({
        path,
        safe: true,
      });
    }
  });

  it('compare versions numerically, not as text', () => {
    expect(compare('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compare('0.21.4', '1.12.0')).toBeLessThan(0);
    expect(compare('1.12.0', '1.12.0')).toBe(0);
  });
});

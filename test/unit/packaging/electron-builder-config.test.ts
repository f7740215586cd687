import { readFileSync } from 'node:fs';
import { matchesGlob } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// There is no YAML parser among our dependencies. This reads the block-style subset
// electron-builder.yml is written in (nested mappings, lists of scalars, quoted or plain
// scalars, comments) and throws on anything else, so a construct it does not know fails
// this test loudly instead of being misread.
type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml };
interface Line {
  indent: number;
  text: string;
  number: number;
}

function scalar(raw: string, line: Line): Yaml {
  if (raw.startsWith("'")) {
    if (!raw.endsWith("'") || raw.length < 2)
      throw new Error(`line ${line.number}: unterminated quote`);
    return raw.slice(1, -1).replaceAll("''", "'");
  }
  if (raw.startsWith('"')) return z.string().parse(JSON.parse(raw));
  const plain = raw.replace(/\s+#.*$/, '');
  if (/^[[{&*!|>%@`]/.test(plain)) throw new Error(`line ${line.number}: unsupported YAML: ${raw}`);
  if (plain === 'true' || plain === 'false') return plain === 'true';
  if (/^-?\d+(\.\d+)?$/.test(plain)) return Number(plain);
  return plain;
}

function parseBlock(lines: Line[], start: number, indent: number): [Yaml, number] {
  const first = lines[start];
  if (!first) throw new Error('unexpected end of document');
  if (first.text.startsWith('- ')) {
    const items: Yaml[] = [];
    let i = start;
    for (let line = lines[i]; line && line.indent === indent; line = lines[++i]) {
      if (!line.text.startsWith('- ')) throw new Error(`line ${line.number}: expected a list item`);
      const value = line.text.slice(2).trim();
      if (/^[^'"]*:(\s|$)/.test(value))
        throw new Error(`line ${line.number}: mappings in lists are unsupported`);
      items.push(scalar(value, line));
    }
    return [items, i];
  }
  const map: { [key: string]: Yaml } = {};
  let i = start;
  for (let line = lines[i]; line && line.indent === indent; line = lines[i]) {
    const match = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(line.text);
    if (!match?.[1])
      throw new Error(`line ${line.number}: expected "key: value", got ${line.text}`);
    const key = match[1];
    if (Object.hasOwn(map, key)) throw new Error(`line ${line.number}: duplicate key ${key}`);
    const rest = match[2]?.trim();
    if (rest && !rest.startsWith('#')) {
      map[key] = scalar(rest, line);
      i += 1;
      continue;
    }
    const child = lines[i + 1];
    if (!child || child.indent <= indent)
      throw new Error(`line ${line.number}: ${key} has no value`);
    const [value, next] = parseBlock(lines, i + 1, child.indent);
    map[key] = value;
    i = next;
  }
  return [map, i];
}

function parseYamlSubset(text: string): Yaml {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.includes('\t')) throw new Error(`line ${index + 1}: tabs are not YAML indentation`);
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    if (text === '---' || text === '...') throw new Error(`line ${index + 1}: one document only`);
    lines.push({ indent: raw.length - raw.trimStart().length, text, number: index + 1 });
  });
  const [value, next] = parseBlock(lines, 0, 0);
  const stray = lines[next];
  if (stray) throw new Error(`line ${stray.number}: unexpected indentation`);
  return value;
}

const configSchema = z.object({
  appId: z.string(),
  productName: z.string(),
  directories: z.object({ output: z.string() }).loose(),
  files: z.array(z.string()),
  asarUnpack: z.array(z.string()),
  linux: z.object({ target: z.array(z.string()) }).loose(),
  deb: z.object({ depends: z.array(z.string()) }).loose(),
  mac: z
    .object({
      target: z.array(z.string()),
      hardenedRuntime: z.boolean(),
      entitlements: z.string(),
      entitlementsInherit: z.string(),
    })
    .loose(),
  win: z.object({ target: z.array(z.string()) }).loose(),
  electronFuses: z.record(z.string(), z.boolean()),
});

describe('the YAML subset reader', () => {
  it('reads nested mappings, lists, quotes, booleans and comments', () => {
    const text = 'a: 1\nb:\n  c: \'x # y\'\n  d: true # note\n  e:\n    - one\n    - "two"\n';
    expect(parseYamlSubset(text)).toEqual({ a: 1, b: { c: 'x # y', d: true, e: ['one', 'two'] } });
  });

  it.each([
    ['flow collections', 'a: [1, 2]'],
    ['anchors', 'a: &x 1'],
    ['block scalars', 'a: |\n  text'],
    ['duplicate keys', 'a: 1\na: 2'],
    ['mappings inside lists', 'a:\n  - b: 1'],
    ['stray indentation', 'a: 1\n    b: 2'],
  ])('refuses %s rather than misreading them', (_label, text) => {
    expect(() => parseYamlSubset(text)).toThrow();
  });
});

describe('electron-builder.yml', () => {
  const config = configSchema.parse(
    parseYamlSubset(readFileSync(`${root}electron-builder.yml`, 'utf8')),
  );

  it('identifies the app', () => {
    expect(config.appId).toBe('io.checkoutconsole.app');
    expect(config.productName).toBe('Checkout Console');
  });

  it('writes installers to release/, which git ignores', () => {
    expect(config.directories.output).toBe('release');
    expect(readFileSync(`${root}.gitignore`, 'utf8').split('\n')).toContain('release/');
  });

  it('packs only the built bundles and package.json, and package.json points into them', () => {
    expect(config.files).toEqual(['out/**', 'package.json']);
    const pkg = z
      .object({ main: z.string() })
      .parse(JSON.parse(readFileSync(`${root}package.json`, 'utf8')));
    expect(matchesGlob(pkg.main, 'out/**')).toBe(true);
  });

  it('keeps the native modules outside the asar archive, and nothing else', () => {
    const unpacked = (path: string) => config.asarUnpack.some((glob) => matchesGlob(path, glob));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/keytar/build/Release/keytar.node')).toBe(true);
    expect(unpacked('node_modules/zod/index.js')).toBe(false);
    expect(unpacked('out/main/index.js')).toBe(false);
  });

  it('builds an AppImage and a deb that pulls in libsecret for the keychain', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.deb.depends).toContain('libsecret-1-0');
    // An explicit list replaces electron-builder's defaults, so Electron's own needs must stay.
    expect(config.deb.depends).toEqual(
      expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libnotify4']),
    );
  });

  it('builds a hardened-runtime dmg whose entitlements file exists and allows the JIT', () => {
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const plist = readFileSync(`${root}${config.mac.entitlements}`, 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    expect(plist.trim().endsWith('</plist>')).toBe(true);
  });

  it('flips the Electron fuses that close code-injection doors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('builds an NSIS installer for Windows', () => {
    expect(config.win.target).toEqual(['nsis']);
  });
});

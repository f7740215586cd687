// Raw-bytes search for secrets in whatever the console wrote or sent: the value itself, its
// base64 at any alignment (a key inside a larger encoded blob), and the HTTP Basic forms.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Haystack {
  label: string;
  bytes: Buffer;
}

export interface Needle {
  secret: string;
  form: string;
  bytes: Buffer;
}

/**
 * The part of base64(prefix + value) that depends only on `value`, for each of the three
 * alignments a value can have inside a longer base64 text.
 */
export function base64Fragments(value: string): string[] {
  const raw = Buffer.from(value, 'utf8');
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), raw])
      .toString('base64')
      .replace(/=+$/, '');
    const start = offset === 0 ? 0 : 4;
    const end = (offset + raw.length) % 3 === 0 ? encoded.length : encoded.length - 4;
    fragments.push(encoded.slice(start, end));
  }
  return fragments;
}

export function needlesFor(label: string, value: string): Needle[] {
  const forms: Array<[string, string]> = [
    ['plain', value],
    ['url-encoded', encodeURIComponent(value)],
    ['basic-auth', `Basic ${Buffer.from(`${value}:x`).toString('base64')}`],
    ['basic-auth-empty-password', Buffer.from(`${value}:`).toString('base64')],
    ...base64Fragments(value).map((f, i): [string, string] => [`base64@${i}`, f]),
  ];
  const seen = new Set<string>();
  return forms
    .filter(([, text]) => text.length >= 12 && !seen.has(text) && seen.add(text))
    .map(([form, text]) => ({ secret: label, form, bytes: Buffer.from(text, 'utf8') }));
}

/** Every place a needle occurs, as "secret (form) in haystack". */
export function findLeaks(haystacks: Haystack[], needles: Needle[]): string[] {
  const found: string[] = [];
  for (const h of haystacks) {
    for (const n of needles) {
      if (h.bytes.includes(n.bytes)) found.push(`${n.secret} (${n.form}) in ${h.label}`);
    }
  }
  return found;
}

/** Every file under `dir`, read as it is right now (no checkpoint, no close first). */
export function readFolder(dir: string, label = dir): Haystack[] {
  const out: Haystack[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ label: `${label}/${relative(dir, path)}`, bytes: readFileSync(path) });
    }
  };
  walk(dir);
  return out;
}

// A form-encoded delivery read the way Rails reads it. In 2015 Quaderno posted events as form
// fields nested with brackets (`data[object][id]=123`, quaderno-api issue #4; docs/quaderno-api.md,
// Signatures), so the event is rebuilt from the field names, and the sorted-parameters signature
// is rendered over the nested hash as Rack would hand it to the signer.
import type { RubyValue } from './ruby-params';

type Entries = Array<[string, RubyValue]>;
type Hash = { t: 'hash'; v: Entries };

/** Rack refuses deeper nesting (its param depth limit); so do we. */
const MAX_DEPTH = 32;
const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** `a[b][]` → ['a', 'b', '']; a name that is not bracket syntax is one plain key. */
function pathOf(name: string): string[] {
  const m = KEY.exec(name);
  if (!m || !m[1]) return [name];
  const rest = [...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '');
  return [m[1], ...rest];
}

const find = (entries: Entries, key: string) => entries.find(([k]) => k === key);

function put(entries: Entries, key: string, value: RubyValue): void {
  const at = find(entries, key);
  if (at) at[1] = value;
  else entries.push([key, value]);
}

/** Whether `hash` already holds the path (Rack's test for starting a new element of `a[][k]`). */
function holds(hash: Hash, path: string[]): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return true;
  const child = find(hash.v, head)?.[1];
  if (child === undefined) return false;
  if (rest.length === 0) return true;
  return child.t === 'hash' && holds(child, rest);
}

/** Sets `value` at `path` in `hash`; false when a field contradicts another (`a=1&a[b]=2`). */
function insert(hash: Hash, path: string[], value: string): boolean {
  const [head, next, ...more] = path;
  if (head === undefined) return false;
  if (next === undefined) {
    put(hash.v, head, { t: 'str', v: value });
    return true;
  }
  const existing = find(hash.v, head)?.[1];
  if (next === '') {
    const list = existing ?? { t: 'arr', v: [] };
    if (list.t !== 'arr') return false;
    if (!existing) put(hash.v, head, list);
    if (more.length === 0) {
      list.v.push({ t: 'str', v: value });
      return true;
    }
    const last = list.v[list.v.length - 1];
    if (last?.t === 'hash' && !holds(last, more)) return insert(last, more, value);
    const element: Hash = { t: 'hash', v: [] };
    list.v.push(element);
    return insert(element, more, value);
  }
  const child = existing ?? { t: 'hash', v: [] };
  if (child.t !== 'hash') return false;
  if (!existing) put(hash.v, head, child);
  return insert(child, [next, ...more], value);
}

/** The fields nested as Rack nests them, or null when they contradict each other. */
export function rackParams(fields: Array<[string, string]>): Entries | null {
  const root: Hash = { t: 'hash', v: [] };
  for (const [name, value] of fields) {
    const path = pathOf(name);
    if (path.length > MAX_DEPTH || !insert(root, path, value)) return null;
  }
  return root.v;
}

type Json = Record<string, unknown>;

/** The text as a JSON object, or null when it is anything else. */
export function jsonObject(text: string): Json | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : null;
  } catch {
    return null;
  }
}

/** A form field's value as a JSON object, when it is one (cheap for the rest: no parse). */
export function jsonField(value: string): Json | null {
  return value.trimStart().startsWith('{') ? jsonObject(value) : null;
}

/**
 * The nested fields as a JSON object. A field holding a JSON object is read as that object: the
 * maintainers called form-encoded `data` a bug and said it should be a JSON string (issue #4).
 * Objects have no prototype, so a field named `__proto__` is only a key.
 */
export function formJson(entries: Entries): Json {
  const out: Json = Object.create(null) as Json;
  for (const [k, v] of entries) out[k] = valueJson(v);
  return out;
}

function valueJson(v: RubyValue): unknown {
  if (v.t === 'str') return jsonField(v.v) ?? v.v;
  if (v.t === 'arr') return v.v.map(valueJson);
  if (v.t === 'hash') return formJson(v.v);
  return null; // a form has only strings, lists and hashes
}

// The message of the sorted-parameters signature candidate (docs/quaderno-api.md, Signatures):
// Ruby's `params.sort.flatten.join` over `JSON.parse(body)`. It depends on details JSON.parse in
// JavaScript loses, so the body is read here with its own small parser: key order inside nested
// objects (JavaScript puts integer-like keys first, Ruby keeps insertion order) and integers as
// written (Ruby's are exact, however long).
export type RubyValue =
  | { t: 'str'; v: string }
  | { t: 'int'; v: string }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'nil' }
  | { t: 'arr'; v: RubyValue[] }
  | { t: 'hash'; v: Array<[string, RubyValue]> };

/** Ruby's JSON.parse refuses deeper documents (max_nesting 100). */
const MAX_NESTING = 100;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- control characters are what Ruby escapes
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new SyntaxError(`Unexpected JSON at ${this.at}`);
  }

  skip(): void {
    SPACE.lastIndex = this.at;
    // match() on a sticky, non-global RegExp is exec(): it starts at lastIndex and moves it.
    this.text.match(SPACE);
    this.at = SPACE.lastIndex;
  }

  match(re: RegExp): string | null {
    re.lastIndex = this.at;
    const m = this.text.match(re);
    if (!m) return null;
    this.at = re.lastIndex;
    return m[0];
  }

  word(w: string): boolean {
    if (!this.text.startsWith(w, this.at)) return false;
    this.at += w.length;
    return true;
  }

  value(depth: number): RubyValue {
    this.skip();
    const c = this.text[this.at];
    if (c === '{' || c === '[') {
      if (depth >= MAX_NESTING) this.fail();
      return c === '{' ? this.hash(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return { t: 'str', v: this.string() };
    if (this.word('true')) return { t: 'bool', v: true };
    if (this.word('false')) return { t: 'bool', v: false };
    if (this.word('null')) return { t: 'nil' };
    const n = this.match(NUMBER) ?? this.fail();
    return /[.eE]/.test(n) ? { t: 'float', v: Number(n) } : { t: 'int', v: n === '-0' ? '0' : n };
  }

  string(): string {
    return JSON.parse(this.match(STRING) ?? this.fail()) as string;
  }

  list<T>(close: string, item: () => T): T[] {
    this.at += 1;
    const out: T[] = [];
    this.skip();
    if (this.word(close)) return out;
    for (;;) {
      out.push(item());
      this.skip();
      if (this.word(close)) return out;
      if (!this.word(',')) this.fail();
    }
  }

  array(depth: number): RubyValue {
    return { t: 'arr', v: this.list(']', () => this.value(depth)) };
  }

  hash(depth: number): RubyValue {
    const entries: Array<[string, RubyValue]> = [];
    const index = new Map<string, number>();
    this.list('}', () => {
      this.skip();
      if (this.text[this.at] !== '"') this.fail();
      const key = this.string();
      this.skip();
      if (!this.word(':')) this.fail();
      const value = this.value(depth);
      // A repeated key keeps its first place and takes the last value, as a Ruby Hash does.
      const seen = index.get(key);
      if (seen === undefined) index.set(key, entries.push([key, value]) - 1);
      else entries[seen] = [key, value];
    });
    return { t: 'hash', v: entries };
  }
}

/** Float#to_s: shortest digits; fixed notation for exponents -4 < e <= 16, else `1.0e+16`. */
export function rubyFloat(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa = '0', exp = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const decpt = Number(exp) + 1;
  if (decpt > 0 && decpt <= 16) {
    const whole = digits.slice(0, decpt).padEnd(decpt, '0');
    return `${sign}${whole}.${digits.slice(decpt) || '0'}`;
  }
  if (decpt <= 0 && decpt > -4) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const e = decpt - 1;
  const power = `${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${power}`;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\u0007': '\\a',
  '\u001b': '\\e',
};

/** String#inspect for a UTF-8 string. */
export function rubyInspectString(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what Ruby escapes
  const body = s.replace(/["\\\u0000-\u001f\u007f-\u009f]|#(?=[{$@])/g, (c) => {
    if (c === '#') return '\\#';
    return ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return `"${body}"`;
}

export type HashStyle = 'classic' | 'ruby34';

function inspect(v: RubyValue, style: HashStyle): string {
  switch (v.t) {
    case 'str':
      return rubyInspectString(v.v);
    case 'int':
      return v.v;
    case 'float':
      return rubyFloat(v.v);
    case 'bool':
      return String(v.v);
    case 'nil':
      return 'nil';
    case 'arr':
      return `[${v.v.map((x) => inspect(x, style)).join(', ')}]`;
    case 'hash': {
      // Ruby 3.4 changed Hash#inspect from {"k"=>"v"} to {"k" => "v"}.
      const arrow = style === 'classic' ? '=>' : ' => ';
      const parts = v.v.map(([k, x]) => `${rubyInspectString(k)}${arrow}${inspect(x, style)}`);
      return `{${parts.join(', ')}}`;
    }
  }
}

/** Array#join's rendering of one element after flatten: nil is empty, a Hash is inspected. */
function joined(v: RubyValue, style: HashStyle, out: string[]): void {
  if (v.t === 'arr') for (const x of v.v) joined(x, style, out);
  else if (v.t === 'str') out.push(v.v);
  else if (v.t === 'nil') out.push('');
  else out.push(inspect(v, style));
}

const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** `hash.sort.flatten.join` for each Hash#inspect style; null when the body is no JSON object. */
export function sortedParamsFromJson(text: string): Record<HashStyle, string> | null {
  let root: RubyValue;
  try {
    const reader = new Reader(text);
    root = reader.value(0);
    reader.skip();
    if (reader.at !== text.length) return null;
  } catch {
    return null;
  }
  if (root.t !== 'hash') return null;
  return sortedParamsOfHash(root.v);
}

/** The same over string fields (a form-encoded delivery: Rack's params are its fields). */
export function sortedParamsFromFields(fields: Array<[string, string]>): string {
  const pairs = new Map<string, RubyValue>();
  for (const [k, v] of fields) pairs.set(k, { t: 'str', v });
  return sortedParamsOfHash([...pairs]).classic;
}

/** `hash.sort.flatten.join` of a Hash already built (a form's fields nested as Rack does). */
export function sortedParamsOfHash(entries: Array<[string, RubyValue]>): Record<HashStyle, string> {
  const sorted = [...entries].sort(([a], [b]) => utf8Order(a, b));
  const render = (style: HashStyle): string => {
    const out: string[] = [];
    for (const [k, v] of sorted) {
      out.push(k);
      joined(v, style, out);
    }
    return out.join('');
  };
  return { classic: render('classic'), ruby34: render('ruby34') };
}

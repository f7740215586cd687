// JSON columns read back leniently: a row an older console or a hand edit left unparsable or in
// another shape reads as a fallback instead of failing every list that holds it.
import type { ZodType } from 'zod';

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** `text` parsed and checked by `schema`; `fallback` when it is not JSON or not of that shape. */
export function readJson<T>(text: string, schema: ZodType<T>, fallback: T): T {
  const json = parseJson(text);
  if (!json.ok) return fallback;
  const parsed = schema.safeParse(json.value);
  return parsed.success ? parsed.data : fallback;
}

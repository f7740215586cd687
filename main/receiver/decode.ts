// What a delivery's bytes say, whatever its Content-Type claims: Quaderno is not trusted to
// label JSON as JSON, and in 2015 deliveries were seen form-encoded (docs/quaderno-api.md,
// Signatures). A body that cannot be read as an event is still stored (quarantined) and answered
// 200: two refusals make Quaderno delete the webhook.
import { isUtf8 } from 'node:buffer';
import { formJson, jsonField, jsonObject, rackParams } from './form-params';
import { isReadableEvent } from './payload';
import { sortedParamsFromFields, sortedParamsFromJson, sortedParamsOfHash } from './ruby-params';
import type { SignedMessage } from './signature';

type Json = Record<string, unknown>;

export interface DecodedBody extends SignedMessage {
  /** The text stored as the event body (a form's JSON payload or its nested fields, else the body as sent). */
  text: string;
  /** The event object, or null when the body holds none. */
  json: Json | null;
  /** Why the body holds no event (set exactly when json is null). */
  problem: string | null;
}

/** Fields of a form body looked at for a JSON payload (a form is a few fields). */
const FORM_FIELDS_CHECKED = 20;
/** Fields of a form body nested into an event; an event is a few dozen. */
const FORM_FIELDS_NESTED = 1000;
/**
 * The largest body whose sorted params are rendered for a signature check. Rendering costs
 * ~300 ms of the event loop for 1 MB (per delivery, signed or not, measured); a real event is a
 * few KiB. Past this only the schemes that hash the raw bytes are tried (~1 ms per MB each).
 */
export const SORTED_PARAMS_MAX_BYTES = 64 * 1024;

const isForm = (contentType: string | undefined): boolean =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

/** The charset a Content-Type names, when TextDecoder knows it; null for none or UTF-8. */
function declaredCharset(contentType: string | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]{1,40})/i.exec(contentType ?? '');
  if (!m?.[1]) return null;
  try {
    const encoding = new TextDecoder(m[1]).encoding;
    return encoding === 'utf-8' ? null : encoding;
  } catch {
    return null; // a label TextDecoder does not know
  }
}

/**
 * The body as text. A UTF-8 byte order mark is no part of the JSON (JSON.parse refuses it, so a
 * real delivery with one was junk whose signature was never checked); bytes that are not UTF-8
 * are read in the charset the Content-Type names, else as Windows-1252, which maps every byte:
 * read as UTF-8 each became U+FFFD, and the stored event lost the customer's letters. The
 * signature is still checked over the raw bytes.
 */
export function bodyText(raw: Buffer, contentType: string | undefined): string {
  const bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  const bytes = bom ? raw.subarray(3) : raw;
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return new TextDecoder(declaredCharset(contentType) ?? 'windows-1252').decode(bytes);
}

export function decodeBody(raw: Buffer, contentType: string | undefined): DecodedBody {
  const text = bodyText(raw, contentType);
  const json = jsonObject(text);
  const renders = raw.length <= SORTED_PARAMS_MAX_BYTES;
  const asJson: DecodedBody = {
    raw,
    text,
    json,
    problem: json ? null : 'The body is not a JSON object.',
    sortedParams: () => {
      const r = renders ? sortedParamsFromJson(text) : null;
      return r ? [r.classic, r.ruby34] : null;
    },
  };
  if (json !== null) return asJson;
  // A form labelled as anything else (or not at all) is still a form when it spells an event:
  // read as JSON only, it was junk whose signature was never checked. Otherwise the body stays
  // what it claimed to be (a form labelled so is told what its fields lack).
  if (isForm(contentType)) return decodeForm(raw, text, renders);
  if (!text.includes('=')) return asJson;
  const form = decodeForm(raw, text, renders);
  return form.problem === null ? form : asJson;
}

/** Where the text's `n`th `&` is, or -1 when it has fewer. */
function nthAmpersand(text: string, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k += 1) {
    at = text.indexOf('&', at + 1);
    if (at < 0) return -1;
  }
  return at;
}

function decodeForm(raw: Buffer, text: string, renders: boolean): DecodedBody {
  // A body too large to render params for is split only as far as its first FORM_FIELDS_NESTED
  // fields: splitting 1 MiB of `a=1&…` (262,144 fields) held the event loop ~220 ms per delivery,
  // and past that many fields only the first few are looked at anyway.
  const cut = renders ? -1 : nthAmpersand(text, FORM_FIELDS_NESTED);
  const fields = [...new URLSearchParams(cut < 0 ? text : text.slice(0, cut))];
  const tooMany = cut >= 0 || fields.length > FORM_FIELDS_NESTED;
  const nested = tooMany ? null : rackParams(fields);
  const sortedParams = () => {
    if (!renders) return null;
    const flat = sortedParamsFromFields(fields);
    if (!nested) return [flat];
    const r = sortedParamsOfHash(nested);
    return [...new Set([flat, r.classic, r.ruby34])];
  };
  const built = nested ? formJson(nested) : null;
  const asEvent = (json: Json) => ({
    raw,
    text: JSON.stringify(json),
    json,
    problem: null,
    sortedParams,
  });
  // `data[object][…]=…` fields, or `event_type=…&data={…}`: the event is the form itself.
  if (built && isReadableEvent(built)) return asEvent(built);
  // One field carrying the whole event as JSON (`payload={…}`).
  for (const [, value] of fields.slice(0, FORM_FIELDS_CHECKED)) {
    const payload = jsonField(value);
    if (payload) return { raw, text: value, json: payload, problem: null, sortedParams };
  }
  // A typed form without the usual data: kept with its type, shown as an event we cannot read.
  if (built && typeof built.event_type === 'string') return asEvent(built);
  const problem = nested
    ? 'The form-encoded body carries no event (no event_type field, no JSON payload).'
    : tooMany
      ? `The form-encoded body has more than ${FORM_FIELDS_NESTED} fields.`
      : 'The form-encoded body has fields that contradict each other (like a=1 and a[b]=2).';
  return { raw, text, json: null, problem, sortedParams };
}

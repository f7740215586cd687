// What a delivery's bytes say, whatever its Content-Type claims: Quaderno is not trusted to
// label JSON as JSON, and in 2015 deliveries were seen form-encoded (docs/quaderno-api.md,
// Signatures). A body that cannot be read as an event is still stored (quarantined) and answered
// 200: two refusals make Quaderno delete the webhook.
import { sortedParamsFromFields, sortedParamsFromJson } from './ruby-params';
import type { SignedMessage } from './signature';

type Json = Record<string, unknown>;

export interface DecodedBody extends SignedMessage {
  /** The text stored as the event body (a form's JSON payload field, else the body as sent). */
  text: string;
  /** The event object, or null when the body holds none. */
  json: Json | null;
  /** Why the body holds no event (set exactly when json is null). */
  problem: string | null;
}

/** Fields of a form body looked at for a JSON payload (a form is a few fields). */
const FORM_FIELDS_CHECKED = 20;
/**
 * The largest body whose sorted params are rendered for a signature check. Rendering costs
 * ~300 ms of the event loop for 1 MB (per delivery, signed or not, measured); a real event is a
 * few KiB. Past this only the schemes that hash the raw bytes are tried (~1 ms per MB each).
 */
export const SORTED_PARAMS_MAX_BYTES = 64 * 1024;

function jsonObject(text: string): Json | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : null;
  } catch {
    return null;
  }
}

const isForm = (contentType: string | undefined): boolean =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

export function decodeBody(raw: Buffer, contentType: string | undefined): DecodedBody {
  const text = raw.toString('utf8');
  const json = jsonObject(text);
  const renders = raw.length <= SORTED_PARAMS_MAX_BYTES;
  if (json !== null || !isForm(contentType)) {
    return {
      raw,
      text,
      json,
      problem: json ? null : 'The body is not a JSON object.',
      sortedParams: () => {
        const r = renders ? sortedParamsFromJson(text) : null;
        return r ? [r.classic, r.ruby34] : null;
      },
    };
  }
  const fields = [...new URLSearchParams(text)];
  const sortedParams = () => (renders ? [sortedParamsFromFields(fields)] : null);
  for (const [, value] of fields.slice(0, FORM_FIELDS_CHECKED)) {
    const payload = value.trimStart().startsWith('{') ? jsonObject(value) : null;
    if (payload) return { raw, text: value, json: payload, problem: null, sortedParams };
  }
  const problem = 'The form-encoded body carries no JSON payload field.';
  return { raw, text, json: null, problem, sortedParams };
}

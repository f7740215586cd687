// Watches the raw answers behind the client's calls: the client parses and keeps only what the
// console needs, but the check must see what Quaderno actually sent (headers, missing fields).
import { readCappedText } from '../quaderno';

/** The check reads list pages only; anything larger is reported as unreadable, never held. */
export const RAW_BODY_LIMIT = 8 * 1024 * 1024;

export interface SeenAnswer {
  /** 'items', 'checkout/sessions' or 'authorization' for answers the check reads; else the URL path. */
  path: string;
  status: number;
  headers: Headers;
  /** Local time when the headers arrived (epoch ms), for the clock comparison. */
  receivedAt: number;
  /** The raw body of list answers (null when not kept or unreadable). */
  body: Promise<string | null>;
}

export interface Observer {
  fetch: typeof fetch;
  answers: SeenAnswer[];
  /** The secret key as sent in the Authorization header, so the report can cut it out. */
  sentKeys: Set<string>;
}

// Only lists (no id after them) and the identity are kept: the check reads nothing else.
const KEPT_BODIES = /\/(items|checkout\/sessions|authorization)(?:\.json)?$/;

/** The body as text, or null when it is over the cap or the stream fails. */
function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  return readCappedText(response, maxBytes).catch(() => null);
}

function keyFromAuthorization(value: string | null): string | null {
  const match = (value ?? '').match(/^Basic\s+(\S+)$/);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const user = decoded.split(':')[0];
  return user ? user : null;
}

/**
 * A fetch for one check run: every request also ends when `deadline` aborts, so the whole
 * check stays inside its time bound whatever the client's own retries would allow.
 */
export function createObserver(
  deadline: AbortSignal,
  now: () => number,
  baseFetch: typeof fetch = globalThis.fetch,
): Observer {
  const answers: SeenAnswer[] = [];
  const sentKeys = new Set<string>();
  const observed: typeof fetch = async (input, init) => {
    const key = keyFromAuthorization(new Headers(init?.headers).get('authorization'));
    if (key) sentKeys.add(key);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const response = await baseFetch(input, { ...init, signal });
    const url = new URL(input instanceof Request ? input.url : String(input));
    const list = url.pathname.match(KEPT_BODIES)?.[1];
    const keep = list !== undefined && response.ok;
    // Read alongside the client's own read of the original, so neither waits for the other.
    const body = keep ? readCapped(response.clone(), RAW_BODY_LIMIT) : Promise.resolve(null);
    answers.push({
      path: list ?? url.pathname,
      status: response.status,
      headers: response.headers,
      receivedAt: now(),
      body,
    });
    return response;
  };
  return { fetch: observed, answers, sentKeys };
}

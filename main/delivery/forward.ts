// The forward action: POSTs the sale as JSON to the merchant's endpoint, signed (signing.ts),
// with the job's Idempotency-Key so a receiver can drop a retry it already handled.
//
// Node's fetch (undici) rather than node:http: one AbortSignal bounds the connect, the headers
// and the body read alike, `redirect: 'manual'` hands back a 3xx untouched, and the body is a
// web stream we can stop reading at the cap; node:http would need each of those by hand.
import { errorCode } from '../error-code';
import { DeliveryFailure, type Action } from './types';
import { quotedExcerpt } from './reason-text';
import { SIGNATURE_HEADER, signDelivery } from './signing';

export interface ForwardOptions {
  /** The rule's signing secret from the keychain; null when none is stored. */
  secret(accountId: number, ruleId: number): Promise<string | null>;
  /** Bound on one whole try: connect, answer and body (default 15 s). */
  timeoutMs?: number;
  /** Goes into the User-Agent (default '1'). */
  version?: string;
  /** Unix time in seconds, for the signature (tests fix it). */
  nowSeconds?: () => number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
/** Enough of an error page to quote its first lines; the rest is not worth downloading. */
const MAX_BODY_BYTES = 64 * 1024;
const QUOTED_CHARS = 200;

/**
 * 4xx answers a retry can change: 408 (the receiver timed out), 409 (it is still handling this
 * key), 425 (too early), 429 (rate limited). Any other 4xx refuses this signed body as it is
 * (bad signature, wrong URL, rejected payload): the same bytes would be refused again, so the
 * job needs the merchant at once instead of burning its attempts.
 */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

export function createForwardAction(options: ForwardOptions): Action {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const userAgent = `CheckoutConsole/${options.version ?? '1'}`;
  const now = options.nowSeconds ?? (() => Date.now() / 1000);

  return async ({ job, rule, payload, signal }) => {
    if (rule.action.kind !== 'forward') {
      throw new DeliveryFailure(`Rule '${rule.name}' does not forward sales.`, {
        retryable: false,
      });
    }
    const url = new URL(rule.action.url);
    // The host only: a hook URL often carries its own secret in the path or query.
    const host = url.host;
    const secret = await readSecret(options, job.accountId, rule.id);
    if (secret === null) {
      throw new DeliveryFailure(
        `Set the rule's signing secret: '${rule.name}' will not forward an unsigned sale.`,
        { retryable: false },
      );
    }
    const body = JSON.stringify(payload);
    const bound = AbortSignal.timeout(timeoutMs);
    const both = AbortSignal.any([signal, bound]);
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: both,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': userAgent,
          'Idempotency-Key': job.idempotencyKey,
          [SIGNATURE_HEADER]: signDelivery(secret, body, now()),
        },
        body,
      });
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      throw await answerFailure(host, url, response);
    } catch (e) {
      if (e instanceof DeliveryFailure) throw e;
      if (signal.aborted) {
        throw new DeliveryFailure(`Stopped before ${host} answered; it will be tried again.`);
      }
      if (bound.aborted) {
        throw new DeliveryFailure(
          `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
        );
      }
      throw new DeliveryFailure(`${host} could not be reached: ${networkReason(e)}.`, {
        cause: e,
      });
    }
  };
}

async function readSecret(options: ForwardOptions, accountId: number, ruleId: number) {
  try {
    return await options.secret(accountId, ruleId);
  } catch (e) {
    // The keychain's own error may quote what it was asked for; say only what to do.
    throw new DeliveryFailure(
      "The rule's signing secret could not be read from the keychain; unlock it.",
      { cause: e },
    );
  }
}

async function answerFailure(host: string, url: URL, response: Response) {
  const status = response.status;
  if (status >= 300 && status < 400) {
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    const to = location === null ? 'nowhere' : redirectTarget(location, url);
    // A signed sale is not replayed to another address: the merchant updates the rule instead.
    return new DeliveryFailure(
      `${host} answered ${status}, redirecting to ${to}; redirects are not followed: put the new address in the rule.`,
      { retryable: false },
    );
  }
  const text = quotedExcerpt(await readPrefix(response, MAX_BODY_BYTES), QUOTED_CHARS);
  const reason = `${host} answered ${status}${text === '' ? '' : `: ${text}`}`;
  const retryable = status >= 500 || RETRYABLE_4XX.has(status);
  return new DeliveryFailure(reason, { retryable });
}

/** The address a 3xx names, without a query (it may carry a token). */
function redirectTarget(location: string, base: URL): string {
  try {
    const to = new URL(location, base);
    return `${to.origin}${to.pathname}`;
  } catch {
    return quotedExcerpt(location, 100);
  }
}

/** Up to `maxBytes` of the body as text; stops reading there (the rest is never downloaded). */
async function readPrefix(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off half-way still explains the status it came with.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

function networkReason(e: unknown): string {
  const code = errorCode(e instanceof Error ? e.cause : undefined) ?? '';
  const words: Record<string, string> = {
    ECONNREFUSED: 'nothing is listening there',
    ENOTFOUND: 'the host name does not exist',
    EAI_AGAIN: 'the host name could not be looked up',
    ECONNRESET: 'the connection was reset',
    UND_ERR_SOCKET: 'the connection closed before an answer',
  };
  return words[code] ?? (code !== '' ? code : 'the request failed');
}

import { setTimeout as sleep } from 'node:timers/promises';
import { isoNow, type CheckoutEventType, type SandboxContext } from './context';
import { describeNetworkError, sendOutbound } from './outbound';
import { signDelivery, type SignatureScheme } from './signing';

export interface DeliveryRecord {
  webhook_id: number;
  url: string;
  event_type: string;
  session_id: number;
  attempt: number;
  /** HTTP status of the receiver's answer, or null when the request itself failed. */
  status: number | null;
  error: string | null;
  at: string;
}

export interface Deliverer {
  dispatch(eventType: CheckoutEventType, sessionId: number, body: string): void;
  log(): DeliveryRecord[];
}

const DELIVERY_TIMEOUT_MS = 10_000;
const LOG_LIMIT = 1000;

/**
 * Quaderno's policy: a non-2xx answer (or no answer) is retried once; a second
 * failure deletes the subscription. Deliveries run detached from the API call
 * that caused them and swallow every error: a bad receiver never hurts the sandbox.
 */
export function createDeliverer(
  ctx: SandboxContext,
  retryDelayMs: number,
  scheme: SignatureScheme = 'documented',
): Deliverer {
  const records: DeliveryRecord[] = [];

  const record = (entry: DeliveryRecord): void => {
    records.push(entry);
    if (records.length > LOG_LIMIT) records.splice(0, records.length - LOG_LIMIT);
  };

  const findHook = (id: number) => ctx.state.webhooks.find((w) => w.id === id);

  async function attempt(
    webhookId: number,
    eventType: CheckoutEventType,
    sessionId: number,
    body: string,
    attemptNo: number,
  ): Promise<void> {
    const hook = findHook(webhookId);
    if (!hook || ctx.closing.aborted) return;
    let status: number | null = null;
    let failure: string | null = null;
    try {
      status = await sendOutbound({
        method: 'POST',
        url: hook.url,
        headers: {
          'Content-Type': 'application/json',
          'X-Quaderno-Signature': signDelivery(scheme, hook.auth_key, hook.url, body),
        },
        body,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        signal: ctx.closing,
      });
    } catch (e) {
      if (ctx.closing.aborted) return;
      failure = describeNetworkError(e);
    }
    const at = isoNow(ctx);
    const ok = status !== null && status >= 200 && status < 300;
    record({
      webhook_id: webhookId,
      url: hook.url,
      event_type: eventType,
      session_id: sessionId,
      attempt: attemptNo,
      status,
      error: ok ? null : (failure ?? `Response code ${status}`),
      at,
    });
    const current = findHook(webhookId);
    if (current) {
      current.last_sent_at = at;
      if (ok) current.events_sent += 1;
      else
        current.last_error =
          status !== null
            ? `Response code ${status} returned at ${at}`
            : `Connection failed (${failure}) at ${at}`;
      ctx.persist.changed();
    }
    if (ok || !current) return;
    if (attemptNo === 1) {
      await sleep(retryDelayMs, undefined, { signal: ctx.closing });
      await attempt(webhookId, eventType, sessionId, body, 2);
      return;
    }
    ctx.state.webhooks.splice(ctx.state.webhooks.indexOf(current), 1);
    ctx.persist.changed();
  }

  return {
    dispatch(eventType, sessionId, body) {
      for (const hook of ctx.state.webhooks) {
        if (!hook.events_types.includes(eventType)) continue;
        attempt(hook.id, eventType, sessionId, body, 1).catch(() => undefined);
      }
    },
    log: () => records.map((r) => ({ ...r })),
  };
}

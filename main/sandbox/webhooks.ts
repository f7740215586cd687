import { z } from 'zod';
import { isoNow, type SandboxContext } from './context';
import { addFieldError, zodFieldErrors, type FieldErrors } from './field-errors';
import { json, notFound, validationFailed, type Reply } from './http';
import { describeNetworkError, sendOutbound } from './outbound';
import { paginate } from './pagination';
import { randomAuthKey } from './random';
import type { WebhookRecord } from './state';

// Event names Quaderno accepts. A typo such as the guide's `checkout.succeed`
// is refused rather than silently never firing.
export const EVENT_TYPES = [
  'checkout.succeeded',
  'checkout.failed',
  'checkout.abandoned',
  'invoice.created',
  'invoice.updated',
  'invoice.deleted',
  'credit.created',
  'credit.updated',
  'credit.deleted',
  'expense.created',
  'expense.updated',
  'expense.deleted',
  'estimate.created',
  'estimate.updated',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'payment.created',
  'payment.deleted',
] as const;

const HEAD_CHECK_TIMEOUT_MS = 5000;

const webhookInput = z.object({
  url: z
    .string({ error: (i) => (i.input == null ? "can't be blank" : 'must be a URL') })
    .refine((v) => {
      try {
        return ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, 'is not a valid URL'),
  events_types: z
    .array(z.enum(EVENT_TYPES, { error: 'is not a known event type' }), {
      error: (i) => (i.input == null ? "can't be blank" : 'must be a list'),
    })
    .min(1, "can't be blank"),
});
const webhookUpdate = webhookInput.partial();

export function renderWebhook(w: WebhookRecord): Record<string, unknown> {
  return { ...w, events_types: [...w.events_types] };
}

function findWebhook(ctx: SandboxContext, rawId: string | undefined): WebhookRecord | null {
  if (!rawId || !/^\d+$/.test(rawId)) return null;
  return ctx.state.webhooks.find((w) => w.id === Number(rawId)) ?? null;
}

/** Quaderno HEADs the URL before accepting it; anything but 200 refuses the webhook. */
async function headCheck(ctx: SandboxContext, url: string): Promise<FieldErrors | null> {
  let problem: string;
  try {
    const status = await sendOutbound({
      method: 'HEAD',
      url,
      timeoutMs: HEAD_CHECK_TIMEOUT_MS,
      signal: ctx.closing,
    });
    if (status === 200) return null;
    problem = `answered ${status} to a HEAD request; it must answer 200`;
  } catch (e) {
    problem = `could not be reached (${describeNetworkError(e)})`;
  }
  const errors: FieldErrors = {};
  addFieldError(errors, 'url', problem);
  return errors;
}

export async function createWebhook(ctx: SandboxContext, body: unknown): Promise<Reply> {
  const parsed = webhookInput.safeParse(body);
  if (!parsed.success) return validationFailed(zodFieldErrors(parsed.error));
  const refused = await headCheck(ctx, parsed.data.url);
  if (refused) return validationFailed(refused);
  const now = isoNow(ctx);
  const hook: WebhookRecord = {
    id: ctx.state.nextId.webhook++,
    url: parsed.data.url,
    auth_key: randomAuthKey(),
    events_types: [...new Set(parsed.data.events_types)],
    last_sent_at: null,
    last_error: null,
    events_sent: 0,
    created_at: now,
    updated_at: now,
  };
  ctx.state.webhooks.push(hook);
  ctx.persist.changed();
  return json(201, renderWebhook(hook));
}

export function listWebhooks(ctx: SandboxContext, url: URL): Reply {
  return paginate(url, ctx.state.webhooks, renderWebhook);
}

export function getWebhook(ctx: SandboxContext, rawId: string | undefined): Reply {
  const hook = findWebhook(ctx, rawId);
  return hook ? json(200, renderWebhook(hook)) : notFound();
}

export async function updateWebhook(
  ctx: SandboxContext,
  rawId: string | undefined,
  body: unknown,
): Promise<Reply> {
  const hook = findWebhook(ctx, rawId);
  if (!hook) return notFound();
  const parsed = webhookUpdate.safeParse(body);
  if (!parsed.success) return validationFailed(zodFieldErrors(parsed.error));
  const { url, events_types } = parsed.data;
  if (url !== undefined && url !== hook.url) {
    const refused = await headCheck(ctx, url);
    if (refused) return validationFailed(refused);
  }
  // The webhook may have been deleted while the HEAD check was in flight.
  if (!ctx.state.webhooks.includes(hook)) return notFound();
  if (url !== undefined) hook.url = url;
  if (events_types !== undefined) hook.events_types = [...new Set(events_types)];
  hook.updated_at = isoNow(ctx);
  ctx.persist.changed();
  return json(200, renderWebhook(hook));
}

export function deleteWebhook(ctx: SandboxContext, rawId: string | undefined): Reply {
  const hook = findWebhook(ctx, rawId);
  if (!hook) return notFound();
  ctx.state.webhooks.splice(ctx.state.webhooks.indexOf(hook), 1);
  ctx.persist.changed();
  return { status: 204 };
}

// Is the webhook this console registered still there, and what did Quaderno last say about it?
import type { DoctorCheck } from '../../preload/contract';
import { isConsoleError } from '../errors';
import type { QuadernoWebhook } from '../quaderno';
import { CHECKOUT_EVENTS, REFUND_EVENT } from '../webhooks';
import type { CheckContext } from './context';

/**
 * Ours when a list that may have been cut short left it out (docs/quaderno-api.md › Where the
 * real service differs: paging headers may be missing): one GET by id tells, 404/410 is gone.
 */
async function lookUp(
  ctx: CheckContext,
  id: number,
): Promise<{ hook: QuadernoWebhook | null } | { unknown: string }> {
  try {
    const hook = await ctx.client.getWebhook(id);
    ctx.secrets.add(hook.auth_key);
    return { hook };
  } catch (e) {
    if (isConsoleError(e) && (e.code === 'not_found' || e.code === 'gone')) return { hook: null };
    if (!isConsoleError(e)) throw e;
    return { unknown: e.message };
  }
}

export async function webhookCheck(ctx: CheckContext): Promise<DoctorCheck> {
  const ours = ctx.store.webhookEndpoints.current(ctx.accountId);
  const hooks = await ctx.client.listWebhooks();
  for (const hook of hooks) ctx.secrets.add(hook.auth_key);
  if (!ours) {
    return {
      name: 'webhook',
      status: 'note',
      summary:
        'This console has not registered a webhook for this account yet; turn on live sales (or run `checkout-console listen`) to receive sales as they happen.',
      details: { registered: false, webhooks_in_account: hooks.length },
    };
  }
  const listed = hooks.find((h) => h.id === ours.webhookId);
  const asked = !listed && hooks.maybeMore === true ? await lookUp(ctx, ours.webhookId) : null;
  if (asked && 'unknown' in asked) {
    return {
      name: 'webhook',
      status: 'note',
      summary: `Quaderno listed its webhooks only in part, without the one this console registered (id ${ours.webhookId}), and asking for it failed (${asked.unknown}); whether it is still there is not known. Run the check again.`,
      details: { registered: null, id: ours.webhookId, url: ours.url, listed_in_part: true },
    };
  }
  const found = listed ?? asked?.hook ?? undefined;
  if (!found) {
    // Quaderno deletes a webhook after two failed deliveries (docs/quaderno-api.md › Webhooks).
    return {
      name: 'webhook',
      status: 'fail',
      summary: `Quaderno no longer has the webhook this console registered (id ${ours.webhookId}); it deletes one after two failed deliveries. Turn live sales off and on again to register a new one.`,
      details: { registered: false, id: ours.webhookId, url: ours.url },
    };
  }
  const details: DoctorCheck['details'] = {
    registered: true,
    id: found.id,
    url: found.url,
    events: found.events_types.join(', '),
    last_error: found.last_error,
    last_sent_at: found.last_sent_at == null ? null : String(found.last_sent_at),
    events_sent: found.events_sent ?? null,
  };
  const missing = CHECKOUT_EVENTS.filter((e) => !found.events_types.includes(e));
  if (missing.length > 0) {
    return {
      name: 'webhook',
      status: 'fail',
      summary: `Quaderno's webhook no longer asks for ${missing.join(', ')}, so those sales are not received as they happen. Turn live sales off and on again to register it as it should be.`,
      details,
    };
  }
  // The registrar falls back to the checkout events when Quaderno refuses refunds
  // (webhooks/registrar.ts); an earlier version registered them alone.
  const refunds = found.events_types.includes(REFUND_EVENT)
    ? ''
    : ` Refunds (${REFUND_EVENT}) are not asked for, so they are not received: Quaderno refused them, or an earlier version registered the webhook. Live sales ask again when they next start.`;
  if (found.last_error) {
    return {
      name: 'webhook',
      status: 'note',
      summary: `Registered; Quaderno's last delivery failed: ${found.last_error}${refunds}`,
      details,
    };
  }
  if (refunds)
    return { name: 'webhook', status: 'note', summary: `Registered.${refunds}`, details };
  return { name: 'webhook', status: 'pass', summary: 'Registered.', details };
}

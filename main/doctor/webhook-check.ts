// Is the webhook this console registered still there, and what did Quaderno last say about it?
import type { DoctorCheck } from '../../preload/contract';
import type { CheckContext } from './context';

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
  const found = hooks.find((h) => h.id === ours.webhookId);
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
  if (found.last_error) {
    return {
      name: 'webhook',
      status: 'note',
      summary: `Registered; Quaderno's last delivery failed: ${found.last_error}`,
      details,
    };
  }
  return { name: 'webhook', status: 'pass', summary: 'Registered.', details };
}

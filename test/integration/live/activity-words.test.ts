// Activity written for merchants (issue 17, "Words and layout"): a paid link reads as who paid
// what for which products, once, with no session id in the line; the session id and the raw
// event stay one click away for a support request.
import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import type { CheckoutConsole } from '../../../main/console';
import { liveStatus, useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { control, fastClient, waitFor } from '../sync/helpers';

const tmp = useTempDir('cc-activity-words-');
const rig = useRig(tmp);

const activity = async (cc: CheckoutConsole) =>
  valueOf<{ items: ActivityItem[]; total: number }>(
    await cc.call('activity.list', { limit: 100, offset: 0 }),
  );

describe('activity in a merchant’s words', { timeout: 90_000 }, () => {
  it('says "Ann Lee paid $360.00 — 3 × Consulting Hour" once, and keeps the session in the event', async () => {
    const sb = await rig.sandbox({
      rateLimit: { limit: 100_000, windowMs: 1000 },
      profile: suiteProfile(),
    });
    const cc = await rig.console(sb);
    await waitFor('the webhook', async () => (await liveStatus(cc)).webhook.state === 'registered');
    const item = (await fastClient(sb).listItems()).find((i) => i.name === 'Consulting Hour');
    if (!item?.code) throw new Error('the sandbox has no Consulting Hour');
    const { link } = valueOf(
      await cc.call('links.create', {
        customer: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' },
        items: [{ product: item.code, quantity: 3 }],
      }),
    );

    await control(sb, `/__sandbox/checkout/sessions/${link.id}/complete`);

    const line = await waitFor('the sale’s line', async () =>
      (await activity(cc)).items.find((i) => i.kind === 'log' && i.logKind === 'sale'),
    );
    expect(line.message).toBe('Ann Lee paid $360.00 — 3 × Consulting Hour');
    const { items } = await activity(cc);
    const mentions = items.filter((i) => i.message.includes(String(link.id)));
    expect(mentions).toEqual([]);
    // The delivery itself is not a second line beside the sale's.
    expect(items.filter((i) => i.kind === 'event')).toEqual([]);
    // Registering the webhook is said in words; its address (a secret path) is not shown.
    const webhook = items.find((i) => i.kind === 'log' && i.logKind === 'webhook');
    expect(webhook?.message).toBe('Quaderno now sends sales to this console.');
    expect(items.some((i) => i.message.includes('/hooks/'))).toBe(false);

    // The line leads to what Quaderno sent, session id included.
    if (line.kind !== 'log') throw new Error('not a log line');
    const eventId = line.detail['eventId'];
    expect(typeof eventId).toBe('number');
    const event = valueOf(await cc.call('events.get', { id: Number(eventId) }));
    expect(event.sessionId).toBe(link.id);
    // The raw view still lists every delivery.
    const raw = valueOf<{ items: ActivityItem[] }>(
      await cc.call('activity.list', { kind: 'event', limit: 10, offset: 0 }),
    );
    expect(raw.items.map((i) => i.kind === 'event' && i.event.sessionId)).toEqual([link.id]);
  });
});

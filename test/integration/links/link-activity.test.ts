// Activity names what the merchant did to links too (issue 17): "Link for Ann Lee created — 3 ×
// Consulting Hour", changed, cancelled; the session id stays in the line's detail.
import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '../../../preload/contract';
import { useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { fastClient } from '../sync/helpers';

const rig = useRig(useTempDir('cc-link-activity-'));

describe('links in the activity log', { timeout: 60_000 }, () => {
  it('says a link was created, changed and cancelled, naming the customer and the products', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const cc = await rig.console(sb, { live: { autoStart: false } });
    const item = (await fastClient(sb).listItems()).find((i) => i.name === 'Consulting Hour');
    if (!item?.code) throw new Error('the sandbox has no Consulting Hour');
    const { link } = await cc.invoke('links.create', {
      customer: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' },
      items: [{ product: item.code, quantity: 3 }],
    });
    await cc.invoke('links.update', { id: link.id, items: [{ product: item.code, quantity: 2 }] });
    await cc.invoke('links.cancel', { id: link.id });

    const { items } = await cc.invoke('activity.list', { kind: 'log', limit: 100, offset: 0 });
    const lines = items
      .filter((i): i is Extract<ActivityItem, { kind: 'log' }> => i.kind === 'log')
      .filter((i) => i.logKind.startsWith('link_'))
      .reverse();
    expect(lines.map((l) => l.message)).toEqual([
      'Link for Ann Lee created — 3 × Consulting Hour',
      'Link for Ann Lee changed — 2 × Consulting Hour',
      'Link for Ann Lee cancelled',
    ]);
    expect(lines.map((l) => l.detail.sessionId)).toEqual([link.id, link.id, link.id]);
  });
});

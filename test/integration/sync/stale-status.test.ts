// A list Quaderno answered before a webhook landed (or a stale page it serves again) must not
// move a link back: sync against the sandbox, webhooks through a real receiver, one SQLite file.
import { describe, expect, it } from 'vitest';
import type { QuadernoClient, QuadernoSession } from '../../../main/quaderno';
import { normalizeSession } from '../../../main/quaderno/normalize';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createSync } from '../../../main/sync';
import { useCleanups } from '../../support/cleanups';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody, type Rig } from '../receiver/helpers';
import { control, fastClient, sessions } from './helpers';

const tmp = useTempDir();
const cleanups = useCleanups();

async function setup(): Promise<{ sb: Sandbox; rig: Rig; client: QuadernoClient; id: number }> {
  const sb = await startSandbox({
    rateLimit: { limit: 100_000, windowMs: 1000 },
    profile: suiteProfile(),
  });
  cleanups.defer(() => sb.close());
  const rig = await startRig(tmp, { apiUrl: sb.apiUrl });
  const client = fastClient(sb);
  const [id] = await sessions(sb, 1, null);
  if (id === undefined) throw new Error('the sandbox made no session');
  const link = await client.getSession(id);
  rig.store.sessions.upsert(rig.accountId, normalizeSession(link), { origin: 'console' });
  return { sb, rig, client, id };
}

/** The customer pays and Quaderno's checkout.succeeded is received and processed. */
async function payThroughWebhook(sb: Sandbox, rig: Rig, session: QuadernoSession): Promise<void> {
  await control(sb, `/__sandbox/checkout/sessions/${session.id}/complete`);
  const body = JSON.parse(succeededBody({ session: session.id })) as {
    data: { object: { transaction_details: { session_permalink: string } } };
  };
  body.data.object.transaction_details.session_permalink = session.permalink;
  expect((await deliver(rig, JSON.stringify(body))).status).toBe(200);
  await eventually(() => rig.store.fulfillments.bySession(rig.accountId, session.id));
  await eventually(() => rig.store.sessions.get(rig.accountId, session.id)?.status === 'completed');
}

const pendingLinks = (rig: Rig) =>
  rig.store.sessions.list(rig.accountId, { status: 'pending', limit: 50, offset: 0 }).items;

describe('a stale list read', () => {
  it('leaves a link completed when the webhook lands between the pending list read and its write', async () => {
    const { sb, rig, client, id } = await setup();
    const session = await client.getSession(id);
    let paid = false;
    const racing: QuadernoClient = {
      ...client,
      async listSessionsPage(q, call) {
        const page = await client.listSessionsPage(q, call);
        if (q?.status === 'pending' && !paid) {
          paid = true;
          await payThroughWebhook(sb, rig, session);
        }
        return page;
      },
    };
    const changed: number[] = [];
    const sync = createSync({
      client: racing,
      store: rig.store,
      accountId: rig.accountId,
      onSessionStatus: (_, ids) => changed.push(...ids),
    });

    await sync.run();

    expect(paid).toBe(true);
    expect(rig.store.sessions.get(rig.accountId, id)?.status).toBe('completed');
    expect(pendingLinks(rig).map((l) => l.id)).not.toContain(id);
    expect(changed).not.toContain(id);
    expect(rig.store.fulfillments.bySession(rig.accountId, id)?.source).toBe('webhook');
  });

  it('leaves a link completed when a later sync gets the page Quaderno gave before the webhook', async () => {
    const { sb, rig, client, id } = await setup();
    const session = await client.getSession(id);
    const stale = await client.listSessionsPage({ status: 'pending', limit: 100 });
    expect(stale.items.map((s) => s.id)).toContain(id);
    await createSync({ client, store: rig.store, accountId: rig.accountId }).run();
    expect(rig.store.sessions.get(rig.accountId, id)?.status).toBe('pending');

    // The webhook after that sync's read moves the link on, as it should.
    await payThroughWebhook(sb, rig, session);
    const cached: QuadernoClient = {
      ...client,
      listSessionsPage: (q, call) =>
        q?.status === 'pending' ? Promise.resolve(stale) : client.listSessionsPage(q, call),
    };
    await createSync({ client: cached, store: rig.store, accountId: rig.accountId }).run();

    expect(rig.store.sessions.get(rig.accountId, id)?.status).toBe('completed');
    expect(pendingLinks(rig).map((l) => l.id)).not.toContain(id);
  });

  it('leaves a cancelled link deleted when a stale page still lists it pending', async () => {
    const { rig, client, id } = await setup();
    const stale = await client.listSessionsPage({ status: 'pending', limit: 100 });
    await client.deleteSession(id);
    rig.store.sessions.setStatus(rig.accountId, id, 'deleted');
    const cached: QuadernoClient = {
      ...client,
      listSessionsPage: (q, call) =>
        q?.status === 'pending' ? Promise.resolve(stale) : client.listSessionsPage(q, call),
    };

    await createSync({ client: cached, store: rig.store, accountId: rig.accountId }).run();

    expect(rig.store.sessions.get(rig.accountId, id)?.status).toBe('deleted');
  });
});

// A sale for a business contact names the person and the company, "Jane Doe (Acme Ltd)", however
// it arrived: a webhook whose contact is the company (Quaderno's full_name is then the company,
// docs/quaderno-api.md, Events), a webhook naming no one for the console's own link, or sync.
import { describe, expect, it } from 'vitest';
import { createSync } from '../../../main/sync';
import type { NormalizedSession } from '../../../main/quaderno';
import { EBOOK_ITEM, linkSession } from '../../support/link-fixture';
import { useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { control, fastClient, productCode } from '../sync/helpers';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-business-name-');
const sandboxes = useRig();
const ledger = useStoreWithAccount(tmp);

const ACME = { firstName: 'Jane', lastName: 'Doe', company: 'Acme Ltd' };

/** succeededBody with the contact Quaderno sends for a company (kind, full_name). */
function companyBody(session: number, contact: Record<string, unknown>): string {
  const body = JSON.parse(succeededBody({ session })) as {
    data: { object: { contact: Record<string, unknown> } };
  };
  body.data.object.contact = contact;
  return JSON.stringify(body);
}

function acmeLink(id: number): NormalizedSession {
  return linkSession({
    id,
    permalink: `https://shop.quadernoapp.com/checkout/session/${id}`,
    customer: { email: 'jane@acme.example', ...ACME },
    items: [EBOOK_ITEM],
    total: 2100,
    createdAt: null,
  });
}

describe('the person behind a business contact', () => {
  it('names the person and the company from a webhook whose contact is the company', async () => {
    const rig = await startRig(tmp);
    const body = companyBody(911, {
      kind: 'company',
      first_name: 'Jane',
      last_name: 'Doe',
      full_name: 'Acme Ltd',
      email: 'jane@acme.example',
    });
    expect((await deliver(rig, body)).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 911));
    expect(sale.customerName).toBe('Jane Doe (Acme Ltd)');
  });

  it('keeps a person contact as the name it gives', async () => {
    const rig = await startRig(tmp);
    expect((await deliver(rig, succeededBody({ session: 912 }))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 912));
    expect(sale.customerName).toBe('Jane Doe');
  });

  it("names both in Activity from the console's link when the webhook names no one", async () => {
    const rig = await startRig(tmp);
    rig.store.sessions.upsert(rig.accountId, acmeLink(913), { origin: 'console' });
    expect((await deliver(rig, companyBody(913, {}))).status).toBe(200);
    const line = await eventually(() =>
      rig.store.activity
        .list(rig.accountId, { limit: 20, offset: 0 })
        .items.find((l) => l.kind === 'sale' && l.detail?.sessionId === 913),
    );
    expect(line.message).toMatch(/^Jane Doe \(Acme Ltd\) paid /);
  });

  it('names both for a sale sync finds', async () => {
    const sb = await sandboxes.sandbox({
      rateLimit: { limit: 100_000, windowMs: 1000 },
      profile: suiteProfile(),
    });
    const client = fastClient(sb);
    const session = await client.createSession({
      items: [{ product: await productCode(client) }],
      success_url: 'https://shop.example/ok',
      cancel_url: 'https://shop.example/no',
      customer: {
        email: 'jane@acme.example',
        first_name: 'Jane',
        last_name: 'Doe',
        company: 'Acme Ltd',
      },
    });
    await control(sb, `/__sandbox/checkout/sessions/${session.id}/complete`);
    const { store, accountId } = ledger;
    await createSync({ client, store, accountId }).run();
    expect(store.fulfillments.bySession(accountId, session.id)?.customerName).toBe(
      'Jane Doe (Acme Ltd)',
    );
  });
});

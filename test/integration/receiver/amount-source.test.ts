// Honest amounts: a sale recorded from a session's items (sync, API confirmation) may leave tax
// out, so it says so until a delivery with amount_cents (tax included) enriches the same row.
import { afterEach, describe, expect, it } from 'vitest';
import { exportCsv } from '../../../main/sales';
import { normalizeSession } from '../../../main/quaderno/normalize';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import type { Store } from '../../../main/store';
import { createSync } from '../../../main/sync';
import { csvRecords } from '../sales/parse-csv';
import { fastClient, sessions } from '../sync/helpers';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-amount-source-');
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function sandbox(): Promise<Sandbox> {
  sb = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
  return sb;
}

const csvRow = (rig: { store: Store; accountId: number }) =>
  csvRecords(exportCsv(rig.store, rig.accountId, 'fulfillments', { now: new Date() }).content)[0];

describe('where a sale amount came from', () => {
  it('says "before tax" for a sale sync found until the webhook amount, tax included, replaces it', async () => {
    const api = await sandbox();
    const rig = await startRig(tmp);
    const [id] = await sessions(api, 1);
    await createSync({ client: fastClient(api), store: rig.store, accountId: rig.accountId }).run();
    const repo = rig.store.fulfillments;
    const synced = repo.bySession(rig.accountId, id!);
    expect(synced).toMatchObject({
      source: 'sync',
      amountSource: 'session_items',
      taxIncluded: null,
    });
    expect(csvRow(rig)).toMatchObject({ amount_tax: 'before tax' });

    const body = JSON.parse(succeededBody({ session: id! }));
    body.data.object.transaction_details.session_permalink = synced!.permalink;
    body.data.object.transaction_details.amount_cents = synced!.amount + 315;
    expect((await deliver(rig, JSON.stringify(body))).status).toBe(200);
    const enriched = await eventually(() => {
      const f = repo.bySession(rig.accountId, id!);
      return f?.source === 'webhook' ? f : undefined;
    });
    expect(enriched).toMatchObject({
      id: synced!.id,
      amount: synced!.amount + 315,
      amountSource: 'webhook',
      taxIncluded: true,
    });
    expect(csvRow(rig)).toMatchObject({ amount_tax: 'included' });
  });

  it('keeps a sale confirmed through the API at the session total, marked before tax', async () => {
    const api = await sandbox();
    const client = fastClient(api);
    const rig = await startRig(tmp, {
      confirm: async (_account, sessionId) => normalizeSession(await client.getSession(sessionId)),
    });
    const [id] = await sessions(api, 1);
    const session = normalizeSession(await client.getSession(id!));
    const body = succeededBody({ session: id!, email: session.customer.email });
    // Signed with another key: only the API's word makes it a sale.
    await deliver({ url: rig.url, authKey: 'zzzzzzzzzzzzzzzzzzzzzz' }, body);
    const repo = rig.store.fulfillments;
    const sale = await eventually(() => repo.bySession(rig.accountId, id!));
    expect(sale).toMatchObject({
      source: 'api_confirmed',
      amount: session.total,
      amountSource: 'session_items',
      taxIncluded: null,
    });
    expect(csvRow(rig)).toMatchObject({ amount_tax: 'before tax' });
  });
});

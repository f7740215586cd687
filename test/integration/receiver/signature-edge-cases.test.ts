// Real deliveries that differ in their bytes or headers from the tidy case: a UTF-8 byte order
// mark before the JSON, text in another encoding, and the signature header sent twice (Node
// joins repeated headers with ", "). Each is Quaderno's as much as the tidy one and must be
// verified over its raw bytes and become a sale (be liberal in what we accept).
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../../main/receiver';
import { eventually, send, startRig, succeededBody } from './helpers';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-receiver-signature-edges-');

/** A POST whose X-Quaderno-Signature header appears once per value given. */
function postTwiceSigned(url: string, body: string, signatures: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Quaderno-Signature': signatures },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('deliveries with unusual bytes or headers', () => {
  it('verifies a body that starts with a UTF-8 byte order mark over its raw bytes', async () => {
    const rig = await startRig(tmp);
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(succeededBody({ session: 7101 })),
    ]);
    const answer = await send(rig.url, {
      headers: {
        'Content-Type': 'application/json',
        'X-Quaderno-Signature': signWebhook(rig.authKey, rig.url, raw),
      },
      body: raw,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ received: true, duplicate: false });
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 7101));
    expect(sale).toMatchObject({ amount: 2100, customerEmail: 'jane@example.com' });
  });

  for (const [label, contentType, session] of [
    ['saying so', 'application/json; charset=ISO-8859-1', 7102],
    ['saying nothing of it', 'application/json', 7105],
  ] as const) {
    it(`verifies and reads a body in Latin-1 ${label}, keeping its letters`, async () => {
      const rig = await startRig(tmp);
      const text = succeededBody({ session }).replace('"Jane Doe"', '"José Peña"');
      const raw = Buffer.from(text, 'latin1');
      const answer = await send(rig.url, {
        headers: {
          'Content-Type': contentType,
          'X-Quaderno-Signature': signWebhook(rig.authKey, rig.url, raw),
        },
        body: raw,
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ received: true, duplicate: false });
      const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, session));
      expect(sale.customerName).toBe('José Peña');
    });
  }

  it('accepts a delivery whose signature header came twice when either value matches', async () => {
    const rig = await startRig(tmp);
    const body = succeededBody({ session: 7103 });
    const good = signWebhook(rig.authKey, rig.url, body);
    const bad = signWebhook('another-key-entirely-x', rig.url, body);
    expect(await postTwiceSigned(rig.url, body, [bad, good])).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 7103));
    expect(sale).toMatchObject({ amount: 2100 });
    const [row] = rig.store.events.list(rig.accountId, { limit: 5, offset: 0 }).items;
    expect(row?.verification).toBe('valid');
  });

  it('still quarantines a delivery whose two signature headers both fail', async () => {
    const rig = await startRig(tmp);
    const body = succeededBody({ session: 7104 });
    const bad = signWebhook('another-key-entirely-x', rig.url, body);
    expect(await postTwiceSigned(rig.url, body, [bad, bad.slice(2)])).toBe(200);
    const [row] = rig.store.events.list(rig.accountId, { limit: 5, offset: 0 }).items;
    expect(row?.verification).toBe('invalid');
    expect(rig.store.fulfillments.bySession(rig.accountId, 7104)).toBeUndefined();
  });
});

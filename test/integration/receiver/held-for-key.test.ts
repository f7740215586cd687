// Deliveries that arrive while the account's webhook auth key cannot be read (keychain locked,
// the key still being recovered) are stored and answered 200 (a refusal spends Quaderno's one
// retry), so Quaderno never sends them again. They used to stay quarantined for good: no sale,
// "Quarantined" in Activity. Now each is checked again once the key reads, and a real one
// becomes its sale exactly once, even when sync recorded that sale meanwhile.
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeSession } from '../../../main/quaderno/normalize';
import { receiverToken, signWebhook, startReceiver, type Receiver } from '../../../main/receiver';
import { listActivity } from '../../../main/sales/activity';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { KEY_UNREADABLE_REASON, type Store } from '../../../main/store';
import { createSync } from '../../../main/sync';
import { fastClient, sessions } from '../sync/helpers';
import { openStoreWithAccount } from '../../support/test-store';
import { useTempDir } from '../../support/temp-dir';
import { eventually, send, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-held-');
const AUTH_KEY = 'aB3dE5gH7jK9mN1pQ3sT5v';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface LockedRig {
  store: Store;
  accountId: number;
  receiver: Receiver;
  url: string;
  unlock(): void;
}

/** A receiver whose account's key cannot be read until unlock(). */
async function lockedRig(heldRetryMs = 60_000): Promise<LockedRig> {
  const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
  const token = receiverToken();
  let locked = true;
  let url = '';
  const receiver = await startReceiver({
    store,
    route: (t) =>
      t === token
        ? {
            accountId,
            signingTargets: async () => {
              if (locked) throw new Error('The keychain is locked.');
              return [{ url, authKey: AUTH_KEY }];
            },
          }
        : null,
    limits: { heldRetryMs },
  });
  url = receiver.localUrl(token);
  cleanups.push(async () => {
    await receiver.close();
    store.close();
  });
  return { store, accountId, receiver, url, unlock: () => (locked = false) };
}

const deliverSigned = (rig: LockedRig, body: string, key = AUTH_KEY) =>
  send(rig.url, {
    headers: {
      'Content-Type': 'application/json',
      'X-Quaderno-Signature': signWebhook(key, rig.url, body),
    },
    body,
  });

const eventOf = (rig: LockedRig, sessionId: number) =>
  rig.store.events
    .list(rig.accountId, { limit: 50, offset: 0 })
    .items.find((e) => e.sessionId === sessionId);

const salesOf = (rig: LockedRig) =>
  rig.store.fulfillments.list(rig.accountId, { limit: 50, offset: 0 }).items;

describe('deliveries held while the auth key could not be read', () => {
  it('become sales once a later delivery reads the key', async () => {
    const rig = await lockedRig();
    expect((await deliverSigned(rig, succeededBody({ session: 9301 }))).status).toBe(200);
    const held = eventOf(rig, 9301);
    expect(held).toMatchObject({ verification: 'invalid' });
    expect(held?.reason?.startsWith(KEY_UNREADABLE_REASON)).toBe(true);

    rig.unlock();
    expect((await deliverSigned(rig, succeededBody({ session: 9302 }))).status).toBe(200);
    await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 9301));
    await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 9302));
    expect(eventOf(rig, 9301)).toMatchObject({ verification: 'valid', reason: null });
    expect(salesOf(rig)).toHaveLength(2);
  });

  it('become sales when the key reads again with no delivery to ask for it', async () => {
    const rig = await lockedRig(50);
    expect((await deliverSigned(rig, succeededBody({ session: 9303 }))).status).toBe(200);
    rig.unlock();
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 9303));
    expect(sale).toMatchObject({ source: 'webhook', amount: 2100 });
    expect(eventOf(rig, 9303)?.verification).toBe('valid');
  });

  it('keep a held delivery whose signature still fails quarantined, with the reason now', async () => {
    const rig = await lockedRig(50);
    const forged = succeededBody({ session: 9304 });
    expect((await deliverSigned(rig, forged, 'not-the-real-key-000000')).status).toBe(200);
    rig.unlock();
    const checked = await eventually(() => {
      const e = eventOf(rig, 9304);
      return e?.reason?.startsWith('Checked again') ? e : undefined;
    });
    expect(checked).toMatchObject({ verification: 'invalid' });
    expect(checked.reason).toContain('matched no known scheme');
    expect(rig.store.fulfillments.bySession(rig.accountId, 9304)).toBeUndefined();
  });

  describe('against the sandbox', () => {
    let sb: Sandbox | undefined;
    afterEach(async () => {
      await sb?.close();
      sb = undefined;
    });

    it.each([
      ['before the delivery came', true],
      ['while the delivery was held', false],
    ])('join the sale sync recorded %s instead of making a second one', async (_when, first) => {
      sb = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
      const client = fastClient(sb);
      const rig = await lockedRig(50);
      const [id] = await sessions(sb, 1);
      const session = normalizeSession(await client.getSession(id!));
      const sync = () => createSync({ client, store: rig.store, accountId: rig.accountId }).run();
      if (first) await sync();
      const body = succeededBody({ session: id!, email: session.customer.email });
      expect((await deliverSigned(rig, body)).status).toBe(200);
      if (!first) await sync();
      const synced = rig.store.fulfillments.bySession(rig.accountId, id!);
      expect(synced).toMatchObject({ source: 'sync' });
      // Left to the key check, not settled by sync: the delivery's own amounts reach the sale.
      expect(eventOf(rig, id!)?.verification).toBe('invalid');

      rig.unlock();
      const verified = await eventually(() => {
        const e = eventOf(rig, id!);
        return e?.verification === 'valid' && e.processedAt !== null ? e : undefined;
      });
      expect(verified.fulfillmentId).toBe(synced!.id);
      expect(salesOf(rig)).toHaveLength(1);
    });

    it('stop reading as quarantined once sync finds their sale paid in Quaderno', async () => {
      sb = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
      const client = fastClient(sb);
      // The key reads: these are badly signed deliveries, not held ones.
      const rig = await lockedRig();
      rig.unlock();
      const [id, other] = await sessions(sb, 2);
      const session = normalizeSession(await client.getSession(id!));
      const body = succeededBody({ session: id!, email: session.customer.email });
      const badKey = 'not-the-real-key-000000';
      expect((await deliverSigned(rig, body, badKey)).status).toBe(200);
      // Names a paid session but another email: sync cannot tell it is that sale's delivery.
      const forged = succeededBody({ session: other!, email: 'mallory@example.com' });
      expect((await deliverSigned(rig, forged, badKey)).status).toBe(200);
      const attention = () =>
        listActivity(rig.store, rig.accountId, { limit: 20, offset: 0 }).items.filter(
          (i) => i.kind === 'event',
        );
      expect(attention()).toHaveLength(2);

      await createSync({ client, store: rig.store, accountId: rig.accountId }).run();
      const sale = rig.store.fulfillments.bySession(rig.accountId, id!);
      expect(eventOf(rig, id!)).toMatchObject({
        verification: 'confirmed',
        fulfillmentId: sale!.id,
      });
      expect(eventOf(rig, id!)?.processedAt).not.toBeNull();
      expect(eventOf(rig, other!)?.verification).toBe('invalid');
      const left = attention();
      expect(left).toHaveLength(1);
      expect(left[0]?.kind === 'event' && left[0].event.sessionId).toBe(other);
      const everything = listActivity(rig.store, rig.accountId, {
        kind: 'event',
        limit: 20,
        offset: 0,
      }).items;
      const settled = everything.find((i) => i.kind === 'event' && i.event.sessionId === id);
      expect(settled?.message).toBe('Quaderno sent a payment (confirmed with Quaderno); recorded.');
      expect(salesOf(rig)).toHaveLength(2);

      // A settled copy gives up its key: the sale's own signed delivery is still taken.
      const signed = succeededBody({
        session: id!,
        email: session.customer.email,
        transaction: 'pi_signed',
      });
      expect((await deliverSigned(rig, signed)).status).toBe(200);
      const taken = await eventually(() =>
        rig.store.events
          .list(rig.accountId, { limit: 50, offset: 0 })
          .items.find(
            (e) => e.sessionId === id && e.verification === 'valid' && e.processedAt !== null,
          ),
      );
      expect(taken.fulfillmentId).toBe(sale!.id);
      expect(salesOf(rig)).toHaveLength(2);
    });
  });
});

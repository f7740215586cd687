import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, send, startRig, succeededBody, type Rig } from './helpers';

const tmp = useTempDir('cc-receiver-unsigned-');

const unsigned = (url: string, body: string) =>
  send(url, { headers: { 'Content-Type': 'application/json' }, body });

const padded = (n: number, size: number) =>
  JSON.stringify({ event_type: 'checkout.succeeded', n, pad: 'x'.repeat(size) });

function noticeCount(rig: Pick<Rig, 'store' | 'accountId'>, kind: string) {
  const { items } = rig.store.activity.list(rig.accountId, {
    limit: 50,
    offset: 0,
    kind,
  });
  return items.reduce((sum, i) => sum + Number(i.detail.count ?? 0), 0);
}

describe('receiver bounds on unsigned traffic', () => {
  it('keeps only the newest quarantined bodies within the byte limit and tells the merchant how many went', async () => {
    const rig = await startRig(tmp, { limits: { quarantineBytes: 200_000 } });
    for (let n = 0; n < 10; n += 1) {
      // Stored in quarantine and acknowledged (was 401 before issue 11).
      expect((await unsigned(rig.url, padded(n, 50_000))).status).toBe(200);
    }
    const events = rig.store.events;
    const kept = events.list(rig.accountId, {
      limit: 20,
      offset: 0,
      verification: 'invalid',
    }).items;
    expect(kept.reduce((sum, e) => sum + Buffer.byteLength(e.body), 0)).toBeLessThanOrEqual(
      200_000,
    );
    expect(kept.map((e) => JSON.parse(e.body).n)).toEqual([9, 8, 7]);
    await rig.receiver.close();
    expect(noticeCount(rig, 'quarantine_dropped')).toBe(7);
  });

  it('tells the merchant apart when unverified events that read as Quaderno events were deleted, and what is lost', async () => {
    const rig = await startRig(tmp, { limits: { quarantineReadableEvents: 3 } });
    for (let n = 0; n < 5; n += 1) {
      const body = JSON.stringify({
        event_type: 'checkout.abandoned',
        data: { object: { transaction_details: { description: `Course ${n}` } } },
      });
      expect((await unsigned(rig.url, body)).status).toBe(200);
    }
    await rig.receiver.close();
    expect(noticeCount(rig, 'quarantine_dropped_readable')).toBe(2);
    expect(noticeCount(rig, 'quarantine_dropped')).toBe(0);
    const [notice] = rig.store.activity.list(rig.accountId, {
      limit: 1,
      offset: 0,
      kind: 'quarantine_dropped_readable',
    }).items;
    expect(notice?.message).toMatch(/failed or abandoned checkouts among them are gone/);
  });

  it('asks the API about a few forged sales a minute per account and leaves the rest quarantined', async () => {
    const asked: number[] = [];
    const rig = await startRig(tmp, {
      limits: { confirmsPerMinute: 3 },
      confirm: async (_account, sessionId) => {
        asked.push(sessionId);
        return null;
      },
    });
    const forged = { url: rig.url, authKey: 'xxxxxxxxxxxxxxxxxxxxxx' };
    for (let i = 0; i < 10; i += 1) {
      expect((await deliver(forged, succeededBody({ session: 1800 + i }))).status).toBe(200);
    }
    await eventually(() => asked.length === 3);
    await rig.receiver.close();
    expect(asked).toHaveLength(3);
    expect(noticeCount(rig, 'confirm_skipped')).toBe(7);
    expect(rig.store.events.count(rig.accountId, 'invalid')).toBe(10);
  });

  it('answers 503 with Retry-After to unsigned bodies past the in-flight budget while signed deliveries still get 200', async () => {
    const rig = await startRig(tmp, { limits: { inFlightBytes: 200_000 } });
    // An unsigned body that declares 90 kB and never finishes holds its share of the budget.
    const stalled = connect(rig.receiver.port, '127.0.0.1');
    stalled.on('error', () => undefined);
    stalled.write(
      `POST /hooks/${rig.token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 90000\r\n\r\n{"pad":"`,
    );
    try {
      // The stalled request is admitted first; until then an unsigned body may still pass (200,
      // quarantined).
      let refused: Response | null = null;
      for (let attempt = 0; attempt < 200 && !refused; attempt += 1) {
        const res = await fetch(rig.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: padded(0, 89_000),
        });
        await res.arrayBuffer();
        if (res.status === 503) refused = res;
      }
      expect(refused?.status).toBe(503);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await deliver(rig, succeededBody())).status).toBe(200);
    } finally {
      stalled.destroy();
    }
  });
});

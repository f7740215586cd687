// Online/offline as the merchant sees it: a call its caller stopped is no outage, and probes
// never pile up (Quaderno allows 100 calls per 15 s per account: docs/quaderno-api.md).
// Fake timers and counted probes, never a time.
import { describe, expect, it, vi } from 'vitest';
import {
  createConnectivity,
  observeClient,
  type ConnectivityState,
} from '../../../main/connectivity';
import { ConsoleError } from '../../../main/errors';
import { isStoppedCall, type CallOptions } from '../../../main/quaderno';
import { drop, fakeQuadernoOnFakeTime, hang, json, type Reply } from '../../support/fake-quaderno';
import { useFakeTimersEach } from '../../support/fake-timers';

/** What Quaderno's ping answers (a bare `{}` is a bad_response, which says nothing either way). */
const pong = json(200, { status: 'OK' });

const unreachable = () => new ConsoleError('offline', 'Cannot reach Quaderno.');

/** A probe whose calls stay pending until the test settles them, counted with their options. */
type HeldCalls = Array<{ call: CallOptions; settle: (outcome: unknown) => void }>;

function heldProbe() {
  const calls: HeldCalls = [];
  const probe = (call: CallOptions) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ call, settle: (outcome) => (outcome ? reject(outcome) : resolve()) });
    });
  return { probe, calls };
}

/** A watch just told Quaderno is unreachable, probing every 100 ms with held probes. */
function offlineWatch(onChange: (state: ConnectivityState) => void = () => {}) {
  const { probe, calls } = heldProbe();
  const watch = createConnectivity({ onChange, probe, intervalMs: 100 });
  watch.report(unreachable());
  return { watch, calls };
}

/**
 * Ten 100 ms periods with the first probe unanswered start no other; once it settles with
 * `outcome`, the next period probes again.
 */
async function expectOneProbeAtATime(calls: HeldCalls, outcome: unknown): Promise<void> {
  await vi.advanceTimersByTimeAsync(1_000);
  expect(calls).toHaveLength(1);
  calls[0]?.settle(outcome);
  await vi.advanceTimersByTimeAsync(100);
  expect(calls).toHaveLength(2);
}

describe('a call its caller stopped', () => {
  it('does not turn the merchant offline', async () => {
    const changes: ConnectivityState[] = [];
    const watch = createConnectivity({ onChange: (s) => changes.push(s), probe: async () => {} });
    const { client, seen } = await fakeQuadernoOnFakeTime([json(200, {})]);
    const watched = observeClient(client, watch.report);
    const stop = new AbortController();
    stop.abort();
    await expect(watched.ping({ signal: stop.signal })).rejects.toMatchObject({ code: 'timeout' });
    expect(seen).toHaveLength(0);
    expect(watch.state()).toEqual({ online: true, reason: null });
    expect(changes).toEqual([]);
    watch.close();
  });

  it('stopped by shutdown does not either, while a real failure still does', async () => {
    const changes: ConnectivityState[] = [];
    const watch = createConnectivity({ onChange: (s) => changes.push(s), probe: async () => {} });
    const shutdown = new AbortController();
    shutdown.abort();
    const { client } = await fakeQuadernoOnFakeTime([json(200, {})], { signal: shutdown.signal });
    await expect(observeClient(client, watch.report).ping()).rejects.toMatchObject({
      code: 'offline',
    });
    expect(changes).toEqual([]);
    watch.report(unreachable());
    expect(changes).toEqual([{ online: false, reason: 'Cannot reach Quaderno.' }]);
    watch.close();
  });
});

describe('probes while Quaderno is unreachable', () => {
  useFakeTimersEach();

  it('run one at a time: no new probe while the last has not answered', async () => {
    const { watch, calls } = offlineWatch();
    await expectOneProbeAtATime(calls, unreachable());
    watch.close();
  });

  it('never retry inside themselves: the next probe is the retry', async () => {
    const { watch, calls } = offlineWatch();
    await vi.advanceTimersByTimeAsync(100);
    expect(calls[0]?.call.retry).toBe('none');
    watch.close();
  });

  it('share the heartbeat’s turn: one probe in flight in all', async () => {
    const { probe, calls } = heldProbe();
    const watch = createConnectivity({ onChange: () => {}, probe, heartbeatMs: 100 });
    await expectOneProbeAtATime(calls, null);
    watch.close();
  });

  it('stop with the watch: closing ends the probe in flight', async () => {
    const { watch, calls } = offlineWatch();
    await vi.advanceTimersByTimeAsync(100);
    watch.close();
    expect(calls[0]?.call.signal?.aborted).toBe(true);
  });

  it('bring the merchant back online when one answers', async () => {
    const changes: ConnectivityState[] = [];
    const { watch, calls } = offlineWatch((s) => changes.push(s));
    await vi.advanceTimersByTimeAsync(100);
    calls[0]?.settle(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((s) => s.online)).toEqual([false, true]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(1);
    watch.close();
  });
});

/**
 * A watch whose heartbeat (every 50 ms) pings a fake Quaderno answering `replies` through the
 * watched client, as the app wires it; each change is kept with the requests seen by then.
 */
async function heartbeatOn(replies: Reply[], timeoutMs = 150) {
  const changes: Array<{ state: ConnectivityState; requests: number }> = [];
  const { client, seen, clock } = await fakeQuadernoOnFakeTime(replies, { timeoutMs });
  const pings: Array<Promise<void>> = [];
  let watched = client;
  const watch = createConnectivity({
    onChange: (state) => changes.push({ state, requests: seen.length }),
    probe: (call) => {
      const ping = watched.ping(call);
      pings.push(ping);
      return ping;
    },
    heartbeatMs: 50,
    intervalMs: 50,
  });
  watched = observeClient(client, watch.report);
  return { watch, seen, changes, pings, clock };
}

describe('the heartbeat while Quaderno answers', () => {
  it('keeps the merchant online when one ping’s connection drops', async () => {
    const changes: ConnectivityState[] = [];
    const { client, seen } = await fakeQuadernoOnFakeTime([drop, pong]);
    // As the app wires it: the ping goes through the watched client, which reports it too.
    let watched = client;
    const watch = createConnectivity({
      onChange: (s) => changes.push(s),
      probe: (call) => watched.ping(call),
      heartbeatMs: 50,
      intervalMs: 50,
    });
    watched = observeClient(client, watch.report);
    await expect.poll(() => seen.length).toBeGreaterThanOrEqual(3);
    expect(changes).toEqual([]);
    watch.close();
  });

  it('keeps the merchant online when one ping times out (a slow moment, not an outage)', async () => {
    const { watch, seen, changes, clock } = await heartbeatOn([hang, pong]);
    await expect.poll(() => seen.length).toBeGreaterThanOrEqual(3);
    expect(changes).toEqual([]);
    // The second try went at once: the time limit was the wait.
    expect(clock.sleeps).toEqual([]);
    watch.close();
  });

  it('turns the merchant offline when the second try times out too, and back once one answers', async () => {
    const { watch, changes } = await heartbeatOn([hang, hang, hang, pong]);
    await expect.poll(() => changes.at(-1)?.state.online).toBe(true);
    // Both tries of the heartbeat's ping had run out of time before the merchant was told, as
    // the client counted them: on a loaded machine the second try's request may reach the fake
    // server only after its 150 ms ran out, so the server's count then may still read 1.
    expect(changes[0]?.state.online).toBe(false);
    expect(changes[0]?.state.reason).toMatch(/2 tries/);
    // Offline, each probe is one ping: the third timed out alone (its reason names no tries).
    expect(changes.slice(1, -1).map((c) => c.state)).toEqual([
      { online: false, reason: expect.stringMatching(/did not answer within/) as unknown },
    ]);
    expect(changes.at(-1)?.requests).toBe(4);
    watch.close();
  });

  it('ends the second try when the watch closes, without waiting out its time limit', async () => {
    // The first try's connection drops, so the second goes at once; its limit is far past the
    // poll's bound, so only the close can end it in time (a try that ignored the close would run
    // to its limit and still read as stopped).
    const { watch, seen, changes, pings } = await heartbeatOn([drop, hang], 120_000);
    await expect.poll(() => seen.length).toBe(2);
    let outcome: unknown = 'still running';
    void pings[0]?.catch((e: unknown) => {
      outcome = e;
    });
    watch.close();
    await expect
      .poll(() => isStoppedCall(outcome), { message: 'the ping ended as a stopped call' })
      .toBe(true);
    expect(changes).toEqual([]);
  });

  describe('on fake time', () => {
    useFakeTimersEach();

    it('pings with one more try on a dropped connection or a timeout; offline, single pings again', async () => {
      const { probe, calls } = heldProbe();
      const watch = createConnectivity({
        onChange: () => {},
        probe,
        heartbeatMs: 100,
        intervalMs: 100,
      });
      await vi.advanceTimersByTimeAsync(100);
      expect(calls.map((c) => c.call.retry)).toEqual(['reach']);
      calls[0]?.settle(unreachable());
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls.slice(1).map((c) => c.call.retry)).toEqual(['none']);
      watch.close();
    });
  });
});

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
import type { CallOptions } from '../../../main/quaderno';
import { drop, fakeQuadernoOnFakeTime, json } from '../../support/fake-quaderno';
import { useFakeTimersEach } from '../../support/fake-timers';

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

describe('the heartbeat while Quaderno answers', () => {
  it('keeps the merchant online when one ping’s connection drops', async () => {
    const changes: ConnectivityState[] = [];
    const { client, seen } = await fakeQuadernoOnFakeTime([drop, json(200, {}), json(200, {})]);
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

  describe('on fake time', () => {
    useFakeTimersEach();

    it('pings with one more try on a dropped connection; offline, single pings again', async () => {
      const { probe, calls } = heldProbe();
      const watch = createConnectivity({
        onChange: () => {},
        probe,
        heartbeatMs: 100,
        intervalMs: 100,
      });
      await vi.advanceTimersByTimeAsync(100);
      expect(calls.map((c) => c.call.retry)).toEqual(['answers']);
      calls[0]?.settle(unreachable());
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls.slice(1).map((c) => c.call.retry)).toEqual(['none']);
      watch.close();
    });
  });
});

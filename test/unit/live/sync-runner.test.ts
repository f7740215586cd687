// The runner behind "Sync now", the start-up sync and the sync timer. A sync that was already
// reading Quaderno when a sale was paid can miss it, so a run asked for meanwhile must not just
// share that run's result.
import { describe, expect, it } from 'vitest';
import type { SyncResult } from '../../../preload/contract';
import { createSyncRunner } from '../../../main/live/sync-runner';
import type { Sync } from '../../../main/sync';

/** A Sync whose runs end when the test says; each reports how many runs started before it. */
function steppedSync() {
  const ends: Array<() => void> = [];
  const sync: Sync = {
    run: () =>
      new Promise<SyncResult>((resolve) => {
        const n = ends.length;
        ends.push(() =>
          resolve({
            startedAt: `run ${n}`,
            finishedAt: `run ${n}`,
            sessionsSeen: n,
            sessionsUpdated: 0,
            fulfillmentsAdded: 0,
            webhookRecreated: false,
            apiCalls: 0,
          }),
        );
      }),
  };
  return { sync, started: () => ends.length, end: (n: number) => ends[n]?.() };
}

const settled = () => new Promise((r) => setImmediate(r));

describe('the sync runner', () => {
  it('answers a run asked for while one is in flight with a run that starts after it', async () => {
    const s = steppedSync();
    const runner = createSyncRunner({ sync: s.sync, emit: () => undefined });
    const first = runner.run();
    const asked = [runner.run(), runner.run()];
    expect(s.started()).toBe(1); // one at a time: the second waits for the first

    s.end(0);
    expect((await first).startedAt).toBe('run 0');
    await settled();
    expect(s.started()).toBe(2); // both calls share one follow-up run
    s.end(1);
    const results = await Promise.all(asked);
    expect(results.map((r) => r.startedAt)).toEqual(['run 1', 'run 1']);
  });

  it('settles idle only after the follow-up run too', async () => {
    const s = steppedSync();
    const runner = createSyncRunner({ sync: s.sync, emit: () => undefined });
    void runner.run();
    const followUp = runner.run();
    let idle = false;
    void runner.idle().then(() => (idle = true));
    s.end(0);
    await settled();
    expect(idle).toBe(false);
    s.end(1);
    await followUp;
    await runner.idle();
    expect(idle).toBe(true);
  });
});

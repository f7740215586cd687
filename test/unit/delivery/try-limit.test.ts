// One try's time bound: how long the worker waits for an aborted action before leaving it
// behind, and that an action which said it takes longer to end (a command) gets that long.
import { describe, expect, it, vi } from 'vitest';
import { TryNotStarted, takesToEnd, withinLimit } from '../../../main/delivery/try-limit';
import { useFakeTimersEach } from '../../support/fake-timers';

useFakeTimersEach();

/** withinLimit on an action that ignores its signal; `ending` is what it declares, if anything. */
function stubbornTry(ending?: number) {
  const stop = new AbortController();
  let settled = false;
  const tried = withinLimit(60_000, stop.signal, (signal) => {
    if (ending !== undefined) takesToEnd(signal, ending);
    return new Promise<void>(() => undefined);
  });
  void tried.catch(() => undefined).finally(() => (settled = true));
  return { stop, tried, settled: () => settled };
}

describe('withinLimit', () => {
  it('never starts an action once the worker has stopped', async () => {
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    let ran = false;
    const tried = withinLimit(60_000, stop.signal, () => {
      ran = true;
      return Promise.resolve();
    });
    await expect(tried).rejects.toBeInstanceOf(TryNotStarted);
    expect(ran).toBe(false);
  });

  it('leaves an action that ignores a stop behind 1 s later', async () => {
    const t = stubbornTry();
    t.stop.abort(new Error('stopped'));
    await vi.advanceTimersByTimeAsync(999);
    expect(t.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(t.tried).rejects.toThrow('stopped');
  });

  it('waits as long as the action said it takes to end, up to 4.5 s', async () => {
    const t = stubbornTry(4_000);
    t.stop.abort(new Error('stopped'));
    await vi.advanceTimersByTimeAsync(3_999);
    expect(t.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(t.tried).rejects.toThrow('stopped');

    const capped = stubbornTry(60_000);
    capped.stop.abort(new Error('stopped'));
    await vi.advanceTimersByTimeAsync(4_500);
    await expect(capped.tried).rejects.toThrow('stopped');
  });
});

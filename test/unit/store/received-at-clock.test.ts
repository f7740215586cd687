// A delivery stored without a clock of its own is stamped with the system's time. The receiving
// thread makes that string once per millisecond (systemNow, store/clock.ts), so the stamp must still follow the
// clock: a delivery a millisecond later is stamped with its own instant, and deliveries in the
// same millisecond share one string.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keylessEvent } from '../../support/keyless-event';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-received-at-clock-');
const ctx = useStoreWithAccount(tmp);

afterEach(() => {
  vi.useRealTimers();
});

function storedAt(n: number): string {
  const { store, accountId } = ctx;
  const { id } = store.events.insertVerified(keylessEvent(accountId, n));
  const e = store.events.get(id);
  if (e === undefined) throw new Error(`event ${id} was not stored`);
  return e.receivedAt;
}

describe('received_at with the default clock', () => {
  it("stamps each delivery with its own millisecond's instant as time moves on", () => {
    const start = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const first = storedAt(1);
    vi.setSystemTime(start + 1);
    const second = storedAt(2);
    vi.setSystemTime(start + 1000);
    const third = storedAt(3);

    expect(first).toBe(new Date(start).toISOString());
    expect(second).toBe(new Date(start + 1).toISOString());
    expect(third).toBe(new Date(start + 1000).toISOString());
  });

  it('stamps deliveries within one millisecond alike', () => {
    const start = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const stamps = [storedAt(1), storedAt(2), storedAt(3)];

    expect(stamps).toEqual(Array(3).fill(new Date(start).toISOString()));
  });
});

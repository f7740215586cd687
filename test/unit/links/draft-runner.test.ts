// The draft runner when Quaderno answers again: what waits is created at once, not after the
// retry timer or a retry the transport started while offline (a fake clock that never moves,
// and counted attempts).
import { describe, expect, it, vi } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { createDraftRunner, type DraftRunner } from '../../../main/links/drafts';
import type { LinkCreateRequest, LinkResult } from '../../../preload/contract';
import { useFakeTimersEach } from '../../support/fake-timers';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-draft-runner-'));

const request: LinkCreateRequest = {
  customer: { email: 'jane@example.com' },
  items: [{ product: 'P1', quantity: 1 }],
  forceNew: false,
};

const made = { link: { id: 7 } } as LinkResult;
const unreachable = () => new ConsoleError('offline', 'Cannot reach Quaderno.');

/** A create that answers as `answer` says for each attempt, counting them. */
function runnerWith(answer: (n: number, signal: AbortSignal) => Promise<LinkResult>): {
  runner: DraftRunner;
  attempts: () => number;
} {
  let n = 0;
  const runner = createDraftRunner({
    store: t.store,
    activeAccountId: () => t.accountId,
    create: (_request, _accountId, signal) => answer(++n, signal),
    onCreated: () => undefined,
  });
  return { runner, attempts: () => n };
}

/** Settles only when `signal` stops it: a retry sleeping in the transport's backoff. */
function sleepingUntilStopped(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(new ConsoleError('timeout', 'Stopped.')));
  });
}

const status = () => t.store.linkDrafts.list(t.accountId).map((d) => [d.status, d.attempts]);

describe('drafts when Quaderno answers again', () => {
  useFakeTimersEach();

  it('stop an attempt started while offline and create the draft at once, uncounted', async () => {
    const { runner, attempts } = runnerWith((n, signal) =>
      n === 1 ? sleepingUntilStopped(signal) : Promise.resolve(made),
    );
    runner.save(t.accountId, request);
    await vi.advanceTimersByTimeAsync(5_000); // the retry timer starts an attempt, offline
    expect(attempts()).toBe(1);

    await runner.reconnected();
    expect(attempts()).toBe(2);
    expect(status()).toEqual([['created', 0]]);
    runner.close();
  });

  it('keep Quaderno’s refusal that came after the connection came back', async () => {
    // The call under way had already ended; the next one, begun after, was refused.
    const { runner } = runnerWith((n, signal) =>
      n === 1
        ? new Promise((_, reject) => {
            signal.addEventListener('abort', () =>
              reject(new ConsoleError('invalid_input', 'The product was deleted.')),
            );
          })
        : Promise.resolve(made),
    );
    runner.save(t.accountId, request);
    await vi.advanceTimersByTimeAsync(5_000);

    await runner.reconnected();
    expect(status()).toEqual([['refused', 0]]);
    runner.close();
  });

  it('keep a fresh link fresh on the try after a failed one, by its request id', async () => {
    const asked: boolean[] = [];
    let n = 0;
    const runner = createDraftRunner({
      store: t.store,
      activeAccountId: () => t.accountId,
      create: (r) => {
        asked.push(r.forceNew);
        n += 1;
        return n === 1
          ? Promise.reject(new ConsoleError('server_error', 'Quaderno answered 500.'))
          : Promise.resolve(made);
      },
      onCreated: () => undefined,
    });
    runner.save(t.accountId, {
      ...request,
      forceNew: true,
      requestId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
    });
    await runner.reconnected();
    await vi.advanceTimersByTimeAsync(5_000);
    // Never the customer's open link reused in its place: the second try asks for a new one too.
    expect(asked).toEqual([true, true]);
    expect(status()).toEqual([['created', 1]]);
    runner.close();
  });

  it('do not wait for the retry timer, and wait the first delay again after', async () => {
    const { runner, attempts } = runnerWith((n) =>
      n <= 4 ? Promise.reject(unreachable()) : Promise.resolve(made),
    );
    runner.save(t.accountId, request);
    // Three offline tries: the wait grew 5 s, 10 s, 20 s; the next would be in 40 s.
    for (const wait of [5_000, 10_000, 20_000]) await vi.advanceTimersByTimeAsync(wait);
    expect(attempts()).toBe(3);

    await runner.reconnected();
    expect(attempts()).toBe(4);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(attempts()).toBe(5);
    expect(status()).toEqual([['created', 0]]);
    runner.close();
  });
});

describe('a draft for a new link beside the open one', () => {
  it('is neither merged into nor settled by a plain link for the same purchase', async () => {
    const { runner } = runnerWith(() => Promise.reject(unreachable()));
    const forced = runner.save(t.accountId, { ...request, forceNew: true });
    const plain = runner.save(t.accountId, request);
    expect(plain.id).not.toBe(forced.id);
    // The merchant made the plain link by hand once Quaderno answered: it reused the open one.
    runner.settle(t.accountId, request);
    expect(t.store.linkDrafts.list(t.accountId).map((d) => [d.id, d.request?.forceNew])).toEqual([
      [forced.id, true],
    ]);
    runner.settle(t.accountId, { ...request, forceNew: true });
    expect(t.store.linkDrafts.list(t.accountId)).toEqual([]);
    runner.close();
  });
});

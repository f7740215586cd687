// Reads of the same method and input started together share one call (renderer/src/hooks/
// use-query.ts): the first screen asks each of its reads once, every sharer gets the answer or
// the error, and a read started after the first answered is a call of its own.
import { describe, expect, it } from 'vitest';
import { sharedRead } from '../../../renderer/src/hooks/use-query';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import type { BridgedConsole } from '../../support/http-bridge';
import { createDeskFake } from './desk-fake-console';

function counting(): {
  start(): Promise<string>;
  calls(): number;
  answer(value: string): void;
  fail(error: Error): void;
} {
  let calls = 0;
  const pending: Array<{ resolve(v: string): void; reject(e: Error): void }> = [];
  return {
    start: () => {
      calls += 1;
      return new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
    },
    calls: () => calls,
    answer: (value) => pending.shift()?.resolve(value),
    fail: (error) => pending.shift()?.reject(error),
  };
}

describe('reads started together', () => {
  it('share one call, and every sharer gets its answer', async () => {
    const call = counting();
    const first = sharedRead('settings.get {}', call.start);
    const second = sharedRead('settings.get {}', call.start);
    call.answer('the settings');
    await expect(Promise.all([first, second])).resolves.toEqual(['the settings', 'the settings']);
    expect(call.calls()).toBe(1);
  });

  it('share the error too: every sharer is told', async () => {
    const call = counting();
    const first = sharedRead('accounts.list {}', call.start);
    const second = sharedRead('accounts.list {}', call.start);
    call.fail(new Error('The keychain is locked.'));
    await expect(first).rejects.toThrow('The keychain is locked.');
    await expect(second).rejects.toThrow('The keychain is locked.');
  });

  it('do not share with a read of another method or input', () => {
    const call = counting();
    void sharedRead('links.list {"page":1}', call.start);
    void sharedRead('links.list {"page":2}', call.start);
    void sharedRead('products.list {"page":1}', call.start);
    expect(call.calls()).toBe(3);
  });
});

describe('a read started after the first answered', () => {
  it('is a call of its own, so it sees fresh data', async () => {
    const call = counting();
    const first = sharedRead('settings.get {}', call.start);
    call.answer('old');
    await expect(first).resolves.toBe('old');
    const later = sharedRead('settings.get {}', call.start);
    call.answer('new');
    await expect(later).resolves.toBe('new');
    expect(call.calls()).toBe(2);
  });
});

const pages = useRendererPages();

describe('the first screen', () => {
  it('asks accounts.list, app.connectivity and settings.get once each', async () => {
    const fake = createDeskFake();
    const asked = new Map<string, number>();
    const answered = new Set<string>();
    let inFlight = 0;
    const recording: BridgedConsole = {
      onAny: (listener) => fake.onAny(listener),
      async dispatch(name, input) {
        asked.set(String(name), (asked.get(String(name)) ?? 0) + 1);
        inFlight += 1;
        try {
          return await fake.dispatch(name, input);
        } finally {
          inFlight -= 1;
          answered.add(String(name));
        }
      },
    };
    const reads = ['accounts.list', 'app.connectivity', 'settings.get'];
    const p = await pages.open(recording);
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await p.getByRole('button', { name: 'New link', exact: true }).waitFor();
    // Settled: each read has answered and the page shows what they brought (the account in use),
    // so a read mounted by an answer has asked too, and none is still on its way.
    await expect.poll(() => reads.filter((n) => !answered.has(n))).toEqual([]);
    await waitForText(p.getByRole('group', { name: 'Account in use' }), 'Acme');
    await expect.poll(() => inFlight).toBe(0);
    const counts = Object.fromEntries(reads.map((n) => [n, asked.get(n) ?? 0]));
    expect(counts).toEqual({ 'accounts.list': 1, 'app.connectivity': 1, 'settings.get': 1 });
  });
});

describe('a read shared by two screens parts', () => {
  it('still shows its answer in one when the other went before the answer came', async () => {
    const fake = createDeskFake();
    let asked = 0;
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding: BridgedConsole = {
      onAny: (listener) => fake.onAny(listener),
      async dispatch(name, input) {
        if (name === 'accounts.list' && (asked += 1) === 1) await released;
        return fake.dispatch(name, input);
      },
    };
    // The first screen: the frame and the Links screen share one accounts.list, held.
    const p = await pages.open(holding);
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    expect(asked).toBe(1);
    // The Links screen goes (its reader of the accounts with it); the frame stays.
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Activity' })
      .click();
    await p.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    release();

    await waitForText(p.getByRole('group', { name: 'Account in use' }), 'Acme');
  });
});

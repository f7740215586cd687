// A window opened into an existing state: a connection lost before it existed (re-created from
// the dock or a notification), and the link-defaults form refused by main on its select.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import type { Envelope } from '../../../preload/contract';
import type { BridgedConsole } from '../../support/http-bridge';
import { createDeskFake } from './desk-fake-console';
import { expectIgnoredWhileWaiting } from './held-call';

const pages = useRendererPages();
const open = (console: BridgedConsole, screen: string): Promise<Page> =>
  pages.open(console, { screen });

describe('a window opened while Quaderno is unreachable', () => {
  it('shows the offline banner and keeps Sync now waiting without any new event', async () => {
    const fake = createDeskFake();
    fake.connectivity = { online: false, reason: 'Quaderno stopped answering at 10:02.' };
    const p = await open(fake, 'Fulfilments');
    const banner = p.getByRole('status').filter({ hasText: 'Offline.' });
    await banner.waitFor();
    await waitForText(banner, 'Quaderno stopped answering at 10:02.');
    const sync = p.getByRole('button', { name: 'Sync now' });
    expect(await sync.getAttribute('aria-disabled')).toBe('true');
    await expectIgnoredWhileWaiting(p, sync);
    expect(fake.calls.some((c) => c.name === 'sync.run')).toBe(false);
  });

  it('lets a connectivity event that beats the first answer win over it', async () => {
    const fake = createDeskFake();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered = 0;
    const holding: BridgedConsole = {
      onAny: (listener) => fake.onAny(listener),
      async dispatch(name, input): Promise<Envelope<unknown>> {
        if (name !== 'app.connectivity') return fake.dispatch(name, input);
        await held;
        const envelope = await fake.dispatch(name, input);
        answered += 1;
        return envelope;
      },
    };
    const p = await open(holding, 'Fulfilments');
    fake.emit('connectivity.changed', { online: false, reason: 'Lost it just now.' });
    const banner = p.getByRole('status').filter({ hasText: 'Offline.' });
    await banner.waitFor();
    // The stale answer (online, read before the event) arrives only now.
    const answers = p.waitForResponse((r) => r.url().endsWith('/__rpc/app.connectivity'));
    release();
    await (await answers).finished();
    await p.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
    expect(answered).toBeGreaterThan(0);
    await waitForText(banner, 'Lost it just now.');
    expect(await p.getByRole('button', { name: 'Sync now' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
  });
});

describe('the billing-details select in Settings', () => {
  it('shows main’s refusal next to the select and moves focus to it', async () => {
    const fake = createDeskFake();
    const message = 'This account’s tax setup needs billing details: choose Always ask.';
    const refusing: BridgedConsole = {
      onAny: (listener) => fake.onAny(listener),
      dispatch: async (name, input) =>
        name === 'settings.update'
          ? {
              ok: false,
              error: {
                code: 'invalid_input',
                message,
                fields: { billingDetailsCollection: message },
              },
            }
          : fake.dispatch(name, input),
    };
    const p = await open(refusing, 'Settings');
    await p.getByRole('button', { name: 'Link defaults' }).click();
    const select = p.getByLabel('Billing details');
    await p.getByRole('button', { name: 'Save defaults' }).click();
    await p.getByText(message).waitFor();
    expect(await select.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await select.getAttribute('aria-describedby')) ?? '';
    expect(await p.locator(`[id="${describedBy}"]`).textContent()).toBe(message);
    await expect.poll(() => select.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});

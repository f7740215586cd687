// A Remove that left webhooks at Quaderno: the account is gone all the same, and the app says
// which webhook to delete by hand, in the words `checkout-console logout` prints
// (preload/webhooks-left.ts): on Settings › Accounts while another account is left, on the
// welcome screen when it was the last one. The real console and the built renderer in Chromium
// over the HTTP bridge; a second sandbox plays the merchant's Quaderno and refuses the webhook's
// DELETE through its fault control (main/sandbox/README.md, POST /__sandbox/faults).
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQuadernoClient, type QuadernoClient } from '../../main/quaderno';
import { startSandbox, type Sandbox } from '../../main/sandbox';
import { webhooksLeftAdvice } from '../../preload/webhooks-left';
import { startApp, type RunningApp } from '../support/app-harness';
import { seriousViolations } from '../support/axe-scan';
import { saveScreenshot, useBrowser, waitForText } from '../support/browser';
import { expectFocusedInView } from '../support/focus-checks';
import { pollUntil } from '../support/poll';

const browser = useBrowser();
// One per test: the webhook a test leaves there stays listed.
let quaderno: Sandbox;

beforeEach(async () => {
  quaderno = await startSandbox({ accountName: 'acme-test', seed: false });
});

afterEach(async () => {
  await quaderno?.close();
});

/** Quaderno answers the next DELETE of this webhook with a 503 instead of deleting it. */
async function refuseDelete(webhookId: number): Promise<void> {
  const res = await fetch(`${quaderno.origin}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path: `/api/webhooks/${webhookId}`, method: 'DELETE', status: 503 }),
  });
  expect(res.status).toBe(201);
}

/**
 * The merchant's account added and in use: the console listens for it and registers its
 * webhook, whose DELETE Quaderno will then refuse.
 */
async function accountWhoseWebhookStays(
  app: RunningApp,
): Promise<{ client: QuadernoClient; webhookId: number }> {
  const added = await app.console.call('accounts.add', {
    account: quaderno.apiUrl,
    apiKey: quaderno.apiKey,
  });
  expect(added).toMatchObject({ ok: true });
  const client = createQuadernoClient({ apiUrl: quaderno.apiUrl, apiKey: quaderno.apiKey });
  const [webhook] = await pollUntil('the webhook at Quaderno', async () => {
    const hooks = await client.listWebhooks();
    return hooks.length > 0 && hooks;
  });
  if (!webhook) throw new Error('no webhook listed');
  await refuseDelete(webhook.id);
  return { client, webhookId: webhook.id };
}

const accountsSection = (p: Page) => p.getByRole('region', { name: 'Accounts' });
const row = (p: Page, name: string) =>
  p.getByRole('list', { name: 'Saved accounts' }).getByRole('listitem').filter({ hasText: name });

/** Settings › Accounts, then Remove… and Remove account on the row named `name`. */
async function removeInSettings(p: Page, name: string): Promise<void> {
  await p.getByRole('button', { name: 'Settings' }).click();
  await p.getByRole('heading', { level: 2, name: 'Accounts' }).waitFor();
  await row(p, name).getByText('In use').waitFor();
  await row(p, name).getByRole('button', { name: 'Remove…' }).click();
  await row(p, name).getByRole('button', { name: 'Remove account' }).click();
}

describe('Settings › Accounts, when Quaderno keeps a webhook on Remove', () => {
  it('removes the account and says which webhook to delete in Quaderno by hand', async () => {
    const app = await startApp(browser, { sandbox: true, viewport: { width: 1280, height: 800 } });
    const { client, webhookId } = await accountWhoseWebhookStays(app);

    const p = app.page;
    await removeInSettings(p, 'acme-test');

    await row(p, 'acme-test').waitFor({ state: 'detached' });
    const notice = accountsSection(p).getByRole('status').filter({ hasText: 'by hand' });
    await waitForText(notice, webhooksLeftAdvice([webhookId]));
    await saveScreenshot(p, 'settings-accounts-webhooks-left-1280x800');
    // Said because it is so: Quaderno still has the webhook, and the account is gone.
    expect((await client.listWebhooks()).map((h) => h.id)).toEqual([webhookId]);
    const accounts = await app.console.call('accounts.list', {});
    expect(accounts).toMatchObject({ ok: true, value: [{ name: 'Built-in sandbox' }] });
  });

  it('says it on the welcome screen when the account removed was the last one', async () => {
    const app = await startApp(browser, { viewport: { width: 1280, height: 800 } });
    const { client, webhookId } = await accountWhoseWebhookStays(app);

    const p = app.page;
    await removeInSettings(p, 'acme-test');

    await p.getByRole('heading', { level: 1, name: 'Welcome to Checkout Console' }).waitFor();
    const notice = p.getByRole('status').filter({ hasText: 'by hand' });
    await waitForText(notice, webhooksLeftAdvice([webhookId]));
    // The page under the focused Remove account went: the focus goes to the words, not <body>.
    await expectFocusedInView(notice);
    await saveScreenshot(p, 'onboarding-webhooks-left-1280x800');
    expect(await seriousViolations(p, 'welcome screen with the webhook left')).toEqual([]);
    expect((await client.listWebhooks()).map((h) => h.id)).toEqual([webhookId]);
    expect(await app.console.call('accounts.list', {})).toEqual({ ok: true, value: [] });

    // Read, it can be put away; the focus goes to the welcome screen's heading.
    await notice.getByRole('button', { name: 'Close' }).click();
    await notice.waitFor({ state: 'detached' });
    await expectFocusedInView(
      p.getByRole('heading', { level: 1, name: 'Welcome to Checkout Console' }),
    );
  });
});

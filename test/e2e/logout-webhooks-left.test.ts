// Settings › Accounts after a Remove that left webhooks at Quaderno: the account is gone all the
// same, and the list says which webhook to delete by hand, in the words `checkout-console logout`
// prints (preload/webhooks-left.ts). The real console and the built renderer in Chromium over the
// HTTP bridge; a second sandbox plays the merchant's Quaderno and refuses the webhook's DELETE
// through its fault control (main/sandbox/README.md, POST /__sandbox/faults).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuadernoClient } from '../../main/quaderno';
import { startSandbox, type Sandbox } from '../../main/sandbox';
import { webhooksLeftAdvice } from '../../preload/webhooks-left';
import { startApp } from '../support/app-harness';
import { saveScreenshot, useBrowser, waitForText } from '../support/browser';
import { pollUntil } from '../support/poll';

const browser = useBrowser();
let quaderno: Sandbox;

beforeAll(async () => {
  quaderno = await startSandbox({ accountName: 'acme-test', seed: false });
});

afterAll(async () => {
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

const accountsSection = (p: Page) => p.getByRole('region', { name: 'Accounts' });
const row = (p: Page, name: string) =>
  p.getByRole('list', { name: 'Saved accounts' }).getByRole('listitem').filter({ hasText: name });

describe('Settings › Accounts, when Quaderno keeps a webhook on Remove', () => {
  it('removes the account and says which webhook to delete in Quaderno by hand', async () => {
    const app = await startApp(browser, { sandbox: true, viewport: { width: 1280, height: 800 } });
    // The merchant's account, in use: the console listens for it and registers its webhook.
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

    const p = app.page;
    await p.getByRole('button', { name: 'Settings' }).click();
    await p.getByRole('heading', { level: 2, name: 'Accounts' }).waitFor();
    await row(p, 'acme-test').getByText('In use').waitFor();
    await row(p, 'acme-test').getByRole('button', { name: 'Remove…' }).click();
    await row(p, 'acme-test').getByRole('button', { name: 'Remove account' }).click();

    await row(p, 'acme-test').waitFor({ state: 'detached' });
    const notice = accountsSection(p).getByRole('status').filter({ hasText: 'by hand' });
    await waitForText(notice, webhooksLeftAdvice([webhook.id]));
    await saveScreenshot(p, 'settings-accounts-webhooks-left-1280x800');
    // Said because it is so: Quaderno still has the webhook, and the account is gone.
    expect((await client.listWebhooks()).map((h) => h.id)).toEqual([webhook.id]);
    const accounts = await app.console.call('accounts.list', {});
    expect(accounts).toMatchObject({ ok: true, value: [{ name: 'Built-in sandbox' }] });
  });
});

// Review R12 (keyboard only, in Chromium): a button its own action makes wait keeps the focus
// (aria-disabled, not disabled), so the next Tab goes on from there and not from the sidebar;
// a rule resubmitted with a template mistake loses main's old refusal and focuses the mistake;
// Escape in an inline confirm box means Keep it; the Export menu's name has no ▾.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../support/app-harness';
import { useCleanups } from '../../support/cleanups';
import { expectFocusedInView } from '../../support/focus-checks';
import type { BridgedConsole } from '../../support/http-bridge';
import { expectRefused } from '../../support/page-checks';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { useTempDir } from '../../support/temp-dir';
import { createDeliveryFake } from './delivery-fake-console';
import { sampleAccount } from './fake-console';
import { holdNext, isFocused, pressHeld } from './held-call';
import { createLinksFake } from './links-fake-console';
import { createSettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-focus-busy-');
const pages = useRendererPages();
const { closing } = useCleanups();

async function fulfilment(console: BridgedConsole): Promise<Page> {
  const p = await pages.open(console, { screen: 'Settings' });
  await goToSettingsSection(p, 'Fulfilment');
  return p;
}

const editor = (p: Page) => p.getByRole('region', { name: /^(New rule|Edit rule)/ });

describe('a button that waits for its action keeps the focus', () => {
  it('Save in a Settings section', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await pages.open(fake, { screen: 'Settings' });
    await p.getByRole('button', { name: 'Link defaults' }).click();
    const save = p.getByRole('button', { name: /^(Save defaults|Saving…)$/ });
    await save.waitFor();
    const held = holdNext(fake, 'settings.update');
    await pressHeld(p, save, held);
    await p.getByRole('status').getByText('Saved. New links will use these defaults.').waitFor();
    expect(await isFocused(save)).toBe(true);
  });

  it('Save mail server, Add rule and Send a test to me in Settings › Fulfilment', async () => {
    const fake = createDeliveryFake();
    const p = await fulfilment(fake);
    const mail = p.getByRole('form', { name: 'Mail server' });
    await mail.getByLabel('Host').fill('smtp.example.com');
    await mail.getByLabel('From address').fill('shop@example.com');
    await pressHeld(
      p,
      mail.getByRole('button', { name: /^(Save mail server|Saving…)$/ }),
      holdNext(fake, 'smtp.set'),
    );
    await mail.getByRole('status').getByText('Saved.').waitFor();

    await p.getByRole('button', { name: 'Add a rule' }).click();
    const form = editor(p);
    await form.getByLabel('Name').fill('Thanks');
    await form.getByLabel('Subject').fill('Thanks for {product}');
    await form.getByLabel('Email', { exact: true }).fill('Hi {firstName}.');
    const submit = form.locator('button[type="submit"]');
    await pressHeld(p, submit, holdNext(fake, 'rules.add'));
    await form.getByRole('status').getByText('Saved.').waitFor();
    expect(await submit.textContent()).toBe('Save rule');
    expect(fake.rules).toHaveLength(1);

    const send = form.getByRole('button', { name: /^(Send a test to me|Sending…)$/ });
    await pressHeld(p, send, holdNext(fake, 'rules.sendTest'));
    await form.getByText('Sent a test to shop@example.com.').waitFor();
    expect(fake.sentTests).toEqual(['shop@example.com']);
  });

  it('Connect account, and its fields, while Quaderno verifies the key', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await pages.open(fake, { screen: 'Settings' });
    await p.getByRole('button', { name: 'Connect a Quaderno account' }).click();
    const key = p.getByLabel('Secret API key');
    await p.getByLabel('Account name or API URL').fill('acme');
    await key.fill('sk_test_123456');
    const held = holdNext(fake, 'accounts.add');
    // Enter in the key field sends the form: the field keeps the focus while it is verified.
    await key.press('Enter');
    await held.arrived;
    await expect.poll(() => key.getAttribute('readonly')).toBe('');
    expect(await isFocused(key)).toBe(true);
    held.release();
    await expect.poll(() => fake.added).toEqual(['acme']);
  });
});

describe('Save in a Settings section with a mistake the form shows itself', () => {
  it('focuses the mistake and sends nothing', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const calls: string[] = [];
    const inner = fake.dispatch.bind(fake);
    fake.dispatch = (name, input) => {
      calls.push(String(name));
      return inner(name, input);
    };
    const p = await pages.open(fake, { screen: 'Settings' });
    await p.getByRole('button', { name: 'Webhooks and tunnel' }).click();
    const port = p.getByLabel('Receiver port');
    await port.fill('87a');
    await expect.poll(() => fieldErrors(port)).toEqual(['Use digits only, e.g. 8700, or 0.']);
    const save = p.getByRole('button', { name: 'Save', exact: true });
    await save.focus();
    await p.keyboard.press('Enter');
    await expectFocusedInView(port);
    expect(calls).not.toContain('settings.update');
  });
});

describe('the rule editor after a template mistake', () => {
  it('drops main’s old refusal of the name and focuses the mistake', async () => {
    const fake = createDeliveryFake();
    const p = await fulfilment(fake);
    await p.getByRole('button', { name: 'Add a rule' }).click();
    const form = editor(p);
    await form.getByLabel('Subject').fill('Your {product}');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expectRefused(form.getByLabel('Name'), ['Name the rule.']);

    await form.getByLabel('Name').fill('Ebook email');
    await form.getByLabel('Email', { exact: true }).fill('Hi {Firstname}.');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expectFocusedInView(form.getByLabel('Email', { exact: true }));
    expect(await fieldErrors(form.getByLabel('Name'))).toEqual([]);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
    expect(await fieldErrors(form.getByLabel('Email', { exact: true }))).not.toEqual([]);
    expect(fake.rules).toEqual([]);
  });
});

describe('the mail server form after a port mistake', () => {
  it('drops main’s old refusal of the host and focuses the port at each press', async () => {
    const fake = createDeliveryFake();
    const p = await fulfilment(fake);
    const mail = p.getByRole('form', { name: 'Mail server' });
    const save = mail.getByRole('button', { name: 'Save mail server' });
    await save.click();
    await expectRefused(mail.getByLabel('Host'), ['Enter the mail server host.']);

    await mail.getByLabel('Host').fill('smtp.example.com');
    await mail.getByLabel('Port').fill('0');
    await save.click();
    await expectFocusedInView(mail.getByLabel('Port'));
    expect(await fieldErrors(mail.getByLabel('Host'))).toEqual([]);
    // Pressed again with the same mistake: the focus goes back to it.
    await save.focus();
    await p.keyboard.press('Enter');
    await expectFocusedInView(mail.getByLabel('Port'));
    expect(fake.smtp).toBeNull();
  });
});

describe('Escape in an inline confirm box', () => {
  it('keeps the link, as Keep it does, and gives the focus back to Cancel…', async () => {
    const fake = createLinksFake();
    const p = await pages.open(fake, { screen: 'Links' });
    await fake.dispatch('links.create', {
      customer: { email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    const row = p.getByRole('listitem').filter({ hasText: 'Jane Doe' });
    await row.getByRole('button', { name: /^Cancel…/ }).click();
    const keep = row.getByRole('button', { name: 'Keep it' });
    await expectFocusedInView(keep);
    await p.keyboard.press('Escape');
    await expect.poll(() => row.getByRole('group').count()).toBe(0);
    await expectFocusedInView(row.getByRole('button', { name: /^Cancel…/ }));
    expect(fake.calls.filter((c) => c.name === 'links.cancel')).toEqual([]);
  });
});

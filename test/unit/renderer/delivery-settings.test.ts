// Settings › Fulfilment (issue 14) in Chromium against the delivery double: the mail server form
// (its password never filled back), the rule editor with main's refusals on the field, the
// preview and the test send, on/off, Remove with the confirm box, command rules read only, and
// licence keys pasted one per line.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../support/app-harness';
import { seriousViolations } from '../../support/axe-scan';
import { saveScreenshot, waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { expectRefused } from '../../support/page-checks';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { createDeliveryFake, type DeliveryFake } from './delivery-fake-console';
import { holdEachAnswer } from './held-answers';
import { twoFrames } from './two-frames';

const pages = useRendererPages();

async function fulfilment(
  fake: DeliveryFake = createDeliveryFake(),
): Promise<[Page, DeliveryFake]> {
  const p = await pages.open(fake, { screen: 'Settings', viewport: { width: 1280, height: 800 } });
  await goToSettingsSection(p, 'Fulfilment');
  return [p, fake];
}

const mailServer = (p: Page) => p.getByRole('form', { name: 'Mail server' });
const editor = (p: Page) => p.getByRole('region', { name: /^(New rule|Edit rule)/ });

async function saveMailServer(p: Page) {
  const form = mailServer(p);
  await form.getByLabel('Host').fill('smtp.example.com');
  await form.getByLabel('Port').fill('587');
  await form.getByLabel('User').fill('shop@example.com');
  await form.getByLabel('From address').fill('shop@example.com');
  await form.getByLabel('Password', { exact: true }).fill('s3cret-pass');
  await form.getByRole('button', { name: 'Save mail server' }).click();
  await form.getByRole('status').getByText('Saved.').waitFor();
}

describe('Settings › Fulfilment', () => {
  it('saves the mail server and never shows the password again', async () => {
    const [p, fake] = await fulfilment();
    await mailServer(p).getByText('Not set.', { exact: false }).waitFor();
    await saveMailServer(p);
    expect(fake.smtp).toEqual({
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      user: 'shop@example.com',
      from: 'shop@example.com',
      hasPassword: true,
    });
    const password = mailServer(p).getByLabel('Password', { exact: true });
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('placeholder')).toBeNull();
    await mailServer(p).getByText('Stored in the keychain.', { exact: false }).waitFor();
    const sent = fake.calls.filter((c) => c.name === 'smtp.set').at(-1)?.input;
    expect(sent).toMatchObject({ password: 's3cret-pass' });

    // Saved again without touching the password: it is kept, not erased.
    await mailServer(p).getByLabel('Port').fill('0');
    await mailServer(p).getByRole('button', { name: 'Save mail server' }).click();
    await expectRefused(mailServer(p).getByLabel('Port'), ['Use a port from 1 to 65535.']);
    await mailServer(p).getByLabel('Port').fill('465');
    await mailServer(p).getByLabel('Security').selectOption('tls');
    await mailServer(p).getByRole('button', { name: 'Save mail server' }).click();
    await expect.poll(() => fake.smtp?.port).toBe(465);
    expect(fake.smtp).toMatchObject({ security: 'tls', hasPassword: true });
    expect(fake.calls.filter((c) => c.name === 'smtp.set').at(-1)?.input).not.toHaveProperty(
      'password',
    );
  });

  it('refuses a rule on its fields, then previews and test-sends the saved email', async () => {
    const [p, fake] = await fulfilment();
    await p.getByRole('button', { name: 'Add a rule' }).click();
    const form = editor(p);
    await form.getByLabel('Which sales').selectOption('EBOOK');
    await form.getByLabel('Subject').fill('Your {Product}');
    // Checked as typed, with main's own words, before anything is sent.
    await expect
      .poll(() => fieldErrors(form.getByLabel('Subject')))
      .toEqual(['{Product} is not a placeholder; did you mean {product}?']);
    await form.getByLabel('Subject').fill('Your {product}');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expectRefused(form.getByLabel('Name'), ['Name the rule.']);
    expect(fake.rules).toEqual([]);

    await form.getByLabel('Name').fill('Ebook email');
    // Placeholders go in where the cursor is.
    await form.getByLabel('Email', { exact: true }).fill('Hi , enjoy.');
    await form
      .getByLabel('Email', { exact: true })
      .evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(3, 3));
    await form
      .getByRole('group', { name: 'Insert a placeholder' })
      .getByRole('button', { name: '{firstName}' })
      .click();
    await expect
      .poll(() => form.getByLabel('Email', { exact: true }).inputValue())
      .toBe('Hi {firstName}, enjoy.');
    await form
      .getByRole('group', { name: 'Insert a placeholder' })
      .getByRole('button', { name: '{downloadLink}' })
      .click();
    await expect
      .poll(() => fieldErrors(form.getByLabel('Email', { exact: true })))
      .toEqual([
        '{downloadLink} needs the rule’s download address: add it, or take {downloadLink} out.',
      ]);
    await form.getByLabel('Download address').fill('https://files.example.com/guide.pdf');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    expect(fake.rules).toMatchObject([
      {
        name: 'Ebook email',
        productCode: 'EBOOK',
        enabled: true,
        action: { kind: 'email', subject: 'Your {product}' },
      },
    ]);

    const preview = form.getByRole('region', { name: 'Preview for a sample sale' });
    await waitForText(preview, 'Your Sample Product');
    await waitForText(preview, 'https://files.example.com/guide.pdf');
    await preview.getByRole('button', { name: 'Send a test to me' }).click();
    await waitForText(
      preview.getByRole('status'),
      'The test was not sent: Set up your mail server first',
    );
    await saveMailServer(p);
    await preview.getByRole('button', { name: 'Send a test to me' }).click();
    await waitForText(preview.getByRole('status'), 'Sent a test to shop@example.com.');
    expect(fake.sentTests).toEqual(['shop@example.com']);
    expect(await seriousViolations(p, 'rule editor with preview')).toEqual([]);
    await saveScreenshot(p, 'delivery-rule-editor-1280x800');
  });

  it('adds a forward rule with a secret it never shows, switches it off and removes it', async () => {
    const [p, fake] = await fulfilment();
    await p.getByRole('button', { name: 'Add a rule' }).click();
    const form = editor(p);
    await form.getByLabel('Name').fill('Shop backend');
    await form.getByLabel('Forward to a URL').check();
    await form.getByLabel('Endpoint URL').fill('https://shop.example/hooks/sale');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expectRefused(form.getByLabel('Signing secret'), [
      'Set a signing secret: your endpoint checks each sale with it.',
    ]);
    await form.getByLabel('Signing secret').fill('a-long-enough-secret');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    expect(await form.getByLabel('Signing secret').inputValue()).toBe('');
    await form.getByText('Stored in the keychain. Leave empty to keep it.').waitFor();
    // Shown in the open editor, the new rule is not listed a second time below it.
    expect(await p.getByRole('heading', { name: 'Shop backend', exact: true }).count()).toBe(0);
    await form.getByRole('button', { name: 'Close' }).click();
    // The editor took the place of Add a rule: closed, the focus goes back there, not to <body>.
    await expectFocusedInView(p.getByRole('button', { name: 'Add a rule' }));

    const row = p
      .getByRole('listitem')
      .filter({ has: p.getByRole('heading', { name: 'Shop backend' }) });
    await waitForText(row, 'Every sale · Forwards the sale to https://shop.example/hooks/sale');
    await row.getByRole('switch', { name: 'On' }).uncheck();
    await expect.poll(() => fake.rules[0]?.enabled).toBe(false);
    await expect.poll(() => row.getByRole('switch', { name: 'On' }).isChecked()).toBe(false);

    await row.getByRole('button', { name: 'Remove…' }).click();
    const confirm = row.getByRole('group', { name: 'Remove the rule “Shop backend”?' });
    await expect
      .poll(() =>
        confirm
          .getByRole('button', { name: 'Keep it' })
          .evaluate((el) => el === document.activeElement),
      )
      .toBe(true);
    await confirm.getByRole('button', { name: 'Remove rule' }).click();
    await p.getByText('No rules yet', { exact: false }).waitFor();
    expect(fake.rules).toEqual([]);
  });

  it('asks before leaving a rule or the mail server with edits, and says Discard on the editor', async () => {
    const [p, fake] = await fulfilment();
    await p.getByRole('button', { name: 'Add a rule' }).click();
    await editor(p).getByRole('button', { name: 'Close' }).waitFor();
    await editor(p).getByLabel('Name').fill('Half typed');
    await editor(p).getByRole('button', { name: 'Discard' }).waitFor();
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Links/ })
      .click();
    const ask = p.getByRole('alertdialog', { name: 'Discard changes?' });
    await waitForText(ask, 'The new rule is not added yet.');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await expect.poll(() => editor(p).getByLabel('Name').inputValue()).toBe('Half typed');
    await editor(p).getByRole('button', { name: 'Discard' }).click();

    await mailServer(p).getByLabel('Host').fill('smtp.example.com');
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Links/ })
      .click();
    await waitForText(ask, 'Your changes to the mail server are not saved.');
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    expect(fake.rules).toEqual([]);
    expect(fake.smtp).toBeNull();
  });

  it('shows a command rule read only, since it runs under listen', async () => {
    const fake = createDeliveryFake();
    fake.rules.push({
      id: 7,
      name: 'Provision',
      productCode: null,
      action: { kind: 'command', command: './provision.sh', timeoutSeconds: 30 },
      enabled: true,
      useLicenceKeys: false,
      hasSecret: false,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    const [p] = await fulfilment(fake);
    const row = p
      .getByRole('listitem')
      .filter({ has: p.getByRole('heading', { name: 'Provision' }) });
    await waitForText(row, 'runs under checkout-console listen');
    expect(await row.getByRole('button').count()).toBe(0);
    expect(await row.getByRole('switch').count()).toBe(0);
  });

  it('adds licence keys pasted one per line and says how many, with a low pool warning', async () => {
    const [p, fake] = await fulfilment();
    const keys = p.getByRole('region', { name: 'Licence keys' });
    await keys.getByRole('button', { name: 'Add keys' }).click();
    await expectRefused(keys.getByLabel('Product'), ['Choose the product the keys are for.']);
    await keys.getByLabel('Product').selectOption('APP');
    await keys.getByLabel('Keys, one per line').fill('KEY-1\nKEY-2\n\nKEY-1\n');
    await keys.getByRole('button', { name: 'Add keys' }).click();
    await waitForText(
      keys.getByRole('status'),
      'Added 2 keys; skipped 1 key already in the pool or pasted twice.',
    );
    expect(fake.keys.map((k) => k.key)).toEqual(['KEY-1', 'KEY-2']);
    const pools = keys.getByRole('list', { name: 'Key pools' });
    await waitForText(pools, '2 keys free, 0 taken');
    await waitForText(pools, 'running low');
    expect(await keys.getByLabel('Keys, one per line').inputValue()).toBe('');
    expect(await seriousViolations(p, 'fulfilment settings')).toEqual([]);
    await saveScreenshot(p, 'delivery-settings-1280x800');
    await p.setViewportSize({ width: 900, height: 700 });
    await p.getByRole('button', { name: 'Add a rule' }).click();
    await editor(p).getByLabel('Name').waitFor();
    expect(await seriousViolations(p, 'fulfilment settings at 900×700')).toEqual([]);
    await saveScreenshot(p, 'delivery-settings-900x700');
  });

  it('shows the key count read on its way when sales take keys meanwhile, and reads once more', async () => {
    const [p, fake] = await fulfilment();
    const keys = p.getByRole('region', { name: 'Licence keys' });
    await keys.getByText('No keys yet.').waitFor();
    const reads = holdEachAnswer(fake, 'keys.list');
    fake.keys.push(
      { productCode: 'APP', key: 'KEY-1', saleId: null },
      { productCode: 'APP', key: 'KEY-2', saleId: null },
    );
    fake.emit('jobs.changed', { saleId: 1, jobId: 1, status: 'done' });
    await expect.poll(() => reads.seen()).toBe(1);
    fake.emit('jobs.changed', { saleId: 2, jobId: 2, status: 'done' });
    fake.emit('jobs.changed', { saleId: 3, jobId: 3, status: 'done' });
    // Events reach the page in order: once this one shows, the page has had the ones before.
    fake.emit('connectivity.changed', { online: false, reason: 'Quaderno cannot be reached.' });
    await p.getByText('Offline.').waitFor();
    await twoFrames(p);
    reads.releaseNext();
    await waitForText(keys.getByRole('list', { name: 'Key pools' }), '2 keys free, 0 taken');
    await expect.poll(() => reads.seen()).toBe(2);
    const followUp = p.waitForResponse((r) => r.url().includes('keys.list'));
    reads.releaseAll();
    await (await followUp).finished();
    await twoFrames(p);
    expect(reads.seen()).toBe(2);
  });
});

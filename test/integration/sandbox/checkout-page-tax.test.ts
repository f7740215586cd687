// The observed profile adds tax to what the customer pays (docs/quaderno-api.md, "Where the real
// service differs"): the hosted page must show that total, or the recorded sale looks wrong.
import { describe, expect, it } from 'vitest';
import { call, createSession, items, sandbox, sink, URLS, type SessionJson } from './helpers';

const totalOn = (html: string) => /<th[^>]*>Total<\/th><th[^>]*>([^<]+)<\/th>/.exec(html)?.[1];

describe('sandbox hosted checkout page, observed profile', () => {
  it('shows the tax line and a total equal to the amount the paid sale reports', async () => {
    const sb = await sandbox({ profile: 'observed' });
    const receiver = await sink();
    await call(sb, 'POST', 'webhooks', {
      url: receiver.url(),
      events_types: ['checkout.succeeded'],
    });
    // Observed items carry no currency, so the product is taken as listed.
    const [product] = await items(sb);
    const s = (
      await call(sb, 'POST', 'checkout/sessions', {
        items: [{ product: product?.code }],
        ...URLS,
        customer: { email: 'ada@example.com' },
      })
    ).body as SessionJson;
    const page = await (await fetch(s.permalink)).text();
    expect(page).toMatch(/>VAT \d+%</);

    await fetch(s.permalink, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
    });
    const [delivery] = await receiver.waitFor(1);
    const { amount_cents: cents, currency } = (
      JSON.parse(delivery?.body ?? '{}') as {
        data: { object: { transaction_details: { amount_cents: number; currency: string } } };
      }
    ).data.object.transaction_details;
    const money = new Intl.NumberFormat('en', { style: 'currency', currency });
    expect(totalOn(page)).toBe(money.format(cents / 100));
  });

  it('keeps the documented profile’s total as the items’ sum, with no tax line', async () => {
    const sb = await sandbox({ profile: 'documented' });
    const s = await createSession(sb);
    const page = await (await fetch(s.permalink)).text();
    expect(page).not.toMatch(/VAT \d+%/);
    expect(totalOn(page)).toBeDefined();
  });
});

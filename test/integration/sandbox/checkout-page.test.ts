import { describe, expect, it } from 'vitest';
import { call, createSession, productIn, sandbox, sink, URLS, type SessionJson } from './helpers';

async function post(url: string, form: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type') };
}

describe('sandbox hosted checkout page', () => {
  it('shows the items with formatted prices, the customer and Pay, Fail, Abandon buttons', async () => {
    const sb = await sandbox();
    const eur = await productIn(sb, 'EUR');
    const s = await createSession(sb, {
      items: [{ product: eur.code, quantity: 2 }],
      customer: { first_name: 'Zoë', email: 'zoe@example.com' },
    });
    const res = await fetch(s.permalink);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain(eur.name.replace('&', '&amp;'));
    const price = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
    expect(html).toContain(price.format(Number(eur.unit_cost)));
    expect(html).toContain(price.format(Number(eur.unit_cost) * 2));
    expect(html).toContain('value="Zoë"');
    expect(html).toContain('zoe@example.com');
    for (const name of ['Pay', 'Fail', 'Abandon'])
      expect(html).toMatch(new RegExp(`<button[^>]*>${name}</button>`));
  });

  it('formats yen without decimals', async () => {
    const sb = await sandbox();
    const yen = await productIn(sb, 'JPY');
    const s = await createSession(sb, {}, 'JPY');
    const html = await (await fetch(s.permalink)).text();
    expect(html).toContain(
      new Intl.NumberFormat('en', { style: 'currency', currency: 'JPY' }).format(
        Number(yen.unit_cost),
      ),
    );
  });

  it('completes the session on Pay, delivers checkout.succeeded and links to the success URL', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    await call(sb, 'POST', 'webhooks', {
      url: receiver.url(),
      events_types: ['checkout.succeeded', 'checkout.failed', 'checkout.abandoned'],
    });
    const s = await createSession(sb, { customer: { email: 'old@example.com' } });
    const paid = await post(s.permalink, {
      action: 'pay',
      first_name: 'Ada',
      email: 'ada@example.com',
    });
    expect(paid.status).toBe(200);
    expect(paid.type).toBe('text/html; charset=utf-8');
    expect(paid.html).toContain('Payment complete');
    expect(paid.html).toContain(`href="${URLS.success_url}"`);
    const now = (await call(sb, 'GET', `checkout/sessions/${s.id}`)).body as SessionJson;
    expect(now.status).toBe('completed');
    expect(now.customer).toMatchObject({ first_name: 'Ada', email: 'ada@example.com' });
    const [delivery] = await receiver.waitFor(1);
    const event = JSON.parse(delivery?.body ?? '{}') as {
      event_type: string;
      data: { object: { transaction_details: Record<string, unknown> } };
    };
    expect(event.event_type).toBe('checkout.succeeded');
    expect(event.data.object.transaction_details).toMatchObject({
      session: s.id,
      email: 'ada@example.com',
    });
    const again = await fetch(s.permalink);
    const html = await again.text();
    expect(html).toContain('no longer payable');
    expect(html).not.toContain('<button');
    expect((await post(s.permalink, { action: 'pay' })).status).toBe(409);
  });

  it('fails or abandons the session from the page and links back to the cancel URL', async () => {
    const sb = await sandbox();
    const f = await createSession(sb);
    const failed = await post(f.permalink, { action: 'fail' });
    expect(failed.html).toContain('Payment failed');
    expect(failed.html).toContain(`href="${URLS.cancel_url}"`);
    expect(((await call(sb, 'GET', `checkout/sessions/${f.id}`)).body as SessionJson).status).toBe(
      'failed',
    );
    const a = await createSession(sb);
    const abandoned = await post(a.permalink, { action: 'abandon' });
    expect(abandoned.html).toContain('Checkout abandoned');
    expect(((await call(sb, 'GET', `checkout/sessions/${a.id}`)).body as SessionJson).status).toBe(
      'abandoned',
    );
    // An abandoned link is reused by the console, so its customer can still pay.
    expect((await post(a.permalink, { action: 'pay' })).html).toContain('Payment complete');
  });

  it('answers an unknown checkout link with a 404 page', async () => {
    const sb = await sandbox();
    const res = await fetch(`${sb.origin}/checkout/session/${'0'.repeat(40)}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('not found');
  });
});

// Link defaults from Settings reach Quaderno; what the merchant types for one link wins.
import { describe, expect, it } from 'vitest';
import { useLinksWorld } from './helpers';

const world = useLinksWorld();

async function remote(id: number): Promise<Record<string, unknown>> {
  const { apiUrl, apiKey } = world().sandbox;
  const res = await fetch(`${apiUrl}checkout/sessions/${id}.json`, {
    headers: { Authorization: `Basic ${Buffer.from(`${apiKey}:x`).toString('base64')}` },
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('link defaults', () => {
  it('sends the Settings defaults, the customer and the fingerprint with a new session', async () => {
    await world().cc.invoke('settings.update', {
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cancel',
      locale: 'es',
      paymentMethods: ['card', 'paypal'],
      billingDetailsCollection: 'required',
      couponCollection: true,
    });
    const result = await world().cc.invoke('links.create', {
      customer: {
        email: 'jane@example.com',
        lastName: 'Doe',
        company: 'Acme',
        billingCountry: 'es',
      },
      items: [{ product: world().product('EUR').code }],
    });
    const session = await remote(result.link.id);
    expect(session).toMatchObject({
      success_url: 'https://shop.example/thanks',
      cancel_url: 'https://shop.example/cancel',
      locale: 'es',
      payment_methods: ['card', 'paypal'],
      billing_details_collection: 'required',
      coupon_collection: true,
      customer: {
        email: 'jane@example.com',
        last_name: 'Doe',
        company: 'Acme',
        billing_country: 'ES',
      },
      metadata: { console_fingerprint: expect.stringMatching(/^[0-9a-f]{40}$/) },
    });
  });

  it('lets one link override the defaults', async () => {
    const result = await world().cc.invoke('links.create', {
      customer: { email: 'jane@example.com' },
      items: [{ product: world().product('EUR').code }],
      successUrl: 'http://localhost:3000/done',
      locale: 'fr',
      couponCollection: true,
    });
    expect(await remote(result.link.id)).toMatchObject({
      success_url: 'http://localhost:3000/done',
      cancel_url: 'https://example.com/cancelled',
      locale: 'fr',
      coupon_collection: true,
    });
  });
});

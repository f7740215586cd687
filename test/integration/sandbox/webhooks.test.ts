import { describe, expect, it } from 'vitest';
import { opensslHmac } from '../../support/openssl-hmac';
import { call, control, createSession, eventually, sandbox, sink } from './helpers';

interface HookJson {
  id: number;
  url: string;
  auth_key: string;
  events_types: string[];
  last_sent_at: string | null;
  last_error: string | null;
  events_sent: number;
}

const EVENTS = ['checkout.succeeded', 'checkout.failed', 'checkout.abandoned'];

describe('sandbox webhooks', () => {
  it('creates, lists, reads, updates and deletes a webhook after a HEAD check', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    const created = await call(sb, 'POST', 'webhooks.json', {
      url: receiver.url(),
      events_types: EVENTS,
    });
    expect(created.status).toBe(201);
    expect(receiver.headCount()).toBe(1);
    const hook = created.body as HookJson;
    expect(hook).toMatchObject({
      url: receiver.url(),
      events_types: EVENTS,
      last_sent_at: null,
      last_error: null,
      events_sent: 0,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(hook.auth_key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const list = await call(sb, 'GET', 'webhooks');
    expect(list.body).toEqual([hook]);
    expect((await call(sb, 'GET', `webhooks/${hook.id}.json`)).body).toEqual(hook);
    const put = await call(sb, 'PUT', `webhooks/${hook.id}`, {
      url: receiver.url('/moved'),
      events_types: ['checkout.succeeded'],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      url: receiver.url('/moved'),
      events_types: ['checkout.succeeded'],
    });
    expect(receiver.headCount()).toBe(2);
    expect((await call(sb, 'DELETE', `webhooks/${hook.id}.json`)).status).toBe(204);
    expect((await call(sb, 'GET', `webhooks/${hook.id}`)).status).toBe(404);
  });

  it('refuses a URL that does not answer 200 to HEAD, or cannot be reached', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    receiver.setHeadStatus(404);
    const refused = await call(sb, 'POST', 'webhooks', {
      url: receiver.url(),
      events_types: EVENTS,
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ errors: { url: [expect.stringContaining('404')] } });
    const closed = await sink();
    const deadUrl = closed.url();
    await closed.close();
    const dead = await call(sb, 'POST', 'webhooks', { url: deadUrl, events_types: EVENTS });
    expect(dead.status).toBe(422);
    expect((await call(sb, 'GET', 'webhooks')).body).toEqual([]);
  });

  it('refuses unknown event types such as the guide typo checkout.succeed', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    const res = await call(sb, 'POST', 'webhooks', {
      url: receiver.url(),
      events_types: ['checkout.succeed'],
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ errors: { 'events_types[0]': [expect.any(String)] } });
  });

  it('signs deliveries over the URL as registered, query and trailing slash included', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    const url = receiver.url('/hooks/quaderno/?account=7&x=%C3%A9');
    const hook = (await call(sb, 'POST', 'webhooks', { url, events_types: EVENTS }))
      .body as HookJson;
    const session = await createSession(sb, { customer: { email: 'ada@example.com' } });
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${session.id}/complete`);
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.target).toBe('/hooks/quaderno/?account=7&x=%C3%A9');
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(delivery?.headers['x-quaderno-signature']).toBe(
      opensslHmac(hook.auth_key, url + (delivery?.body ?? '')),
    );
    expect(delivery?.headers['x-quaderno-signature']).not.toBe(
      opensslHmac(
        hook.auth_key,
        receiver.url('/hooks/quaderno?account=7&x=%C3%A9') + delivery?.body,
      ),
    );
  });

  it('delivers only the events a webhook subscribed to', async () => {
    const sb = await sandbox();
    const receiver = await sink();
    await call(sb, 'POST', 'webhooks', {
      url: receiver.url('/ok'),
      events_types: ['checkout.succeeded'],
    });
    const a = await createSession(sb);
    const b = await createSession(sb);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${a.id}/abandon`);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${b.id}/complete`);
    const [only] = await receiver.waitFor(1);
    expect(JSON.parse(only?.body ?? '{}')).toMatchObject({ event_type: 'checkout.succeeded' });
    await eventually(() => (sb.deliveries().length >= 1 ? true : undefined));
    expect(receiver.received().every((r) => r.body.includes('checkout.succeeded'))).toBe(true);
  });

  it('retries a failed delivery once and keeps the webhook when the retry succeeds', async () => {
    const sb = await sandbox({ webhookRetryDelayMs: 50 });
    const receiver = await sink();
    receiver.queueResponses(500);
    const hook = (await call(sb, 'POST', 'webhooks', { url: receiver.url(), events_types: EVENTS }))
      .body as HookJson;
    const s = await createSession(sb);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/fail`);
    const [first, second] = await receiver.waitFor(2);
    expect(second?.body).toBe(first?.body);
    const after = await eventually(async () => {
      const h = (await call(sb, 'GET', `webhooks/${hook.id}`)).body as HookJson;
      return h.events_sent === 1 ? h : undefined;
    });
    expect(after.last_error).toMatch(/^Response code 500 returned at \d{4}-\d\d-\d\dT/);
    expect(after.last_sent_at).not.toBeNull();
    const log = (await control(sb, 'GET', '/__sandbox/deliveries')).body;
    expect(log).toEqual([
      expect.objectContaining({
        webhook_id: hook.id,
        attempt: 1,
        status: 500,
        event_type: 'checkout.failed',
      }),
      expect.objectContaining({ webhook_id: hook.id, attempt: 2, status: 200, error: null }),
    ]);
  });

  it('deletes the subscription after the retry fails too', async () => {
    const sb = await sandbox({ webhookRetryDelayMs: 50 });
    const receiver = await sink();
    receiver.queueResponses(500, 500);
    const hook = (await call(sb, 'POST', 'webhooks', { url: receiver.url(), events_types: EVENTS }))
      .body as HookJson;
    const s = await createSession(sb);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`);
    await receiver.waitFor(2);
    await eventually(async () =>
      (await call(sb, 'GET', `webhooks/${hook.id}`)).status === 404 ? true : undefined,
    );
    expect((await call(sb, 'GET', 'webhooks')).body).toEqual([]);
    expect(receiver.received()).toHaveLength(2);
  });

  it('treats an unreachable receiver as a failed delivery', async () => {
    const sb = await sandbox({ webhookRetryDelayMs: 50 });
    const receiver = await sink();
    const hook = (await call(sb, 'POST', 'webhooks', { url: receiver.url(), events_types: EVENTS }))
      .body as HookJson;
    await receiver.close();
    const s = await createSession(sb);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/abandon`);
    await eventually(async () =>
      (await call(sb, 'GET', `webhooks/${hook.id}`)).status === 404 ? true : undefined,
    );
    expect(sb.deliveries().map((d) => [d.attempt, d.status])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(sb.deliveries()[0]?.error).toEqual(expect.any(String));
  });
});

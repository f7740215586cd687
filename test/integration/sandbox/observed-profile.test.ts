import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { call, control, sandbox, sink, URLS, type SessionJson } from './helpers';

const dir = useTempDir();

const CAFE_GUIDE = 'Café Guide (ebook)'; // a seeded EUR product at 21.0
const CUSTOMER = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };

async function codeOf(sb: Awaited<ReturnType<typeof sandbox>>, name: string): Promise<string> {
  const list = (await call(sb, 'GET', 'items')).body as Array<{ name: string; code: string }>;
  const found = list.find((i) => i.name === name);
  if (!found) throw new Error(`${name} is not seeded`);
  return found.code;
}

async function newSession(sb: Awaited<ReturnType<typeof sandbox>>): Promise<SessionJson> {
  const res = await call(sb, 'POST', 'checkout/sessions', {
    items: [{ product: await codeOf(sb, CAFE_GUIDE) }],
    ...URLS,
    customer: CUSTOMER,
  });
  expect(res.status).toBe(201);
  return res.body as SessionJson;
}

async function hooked(options: Parameters<typeof sandbox>[0] = {}) {
  const sb = await sandbox({ profile: 'observed', ...options });
  const receiver = await sink();
  await call(sb, 'POST', 'webhooks', {
    url: receiver.url(),
    events_types: ['checkout.succeeded', 'checkout.failed', 'checkout.abandoned'],
  });
  return { sb, receiver };
}

const objectOf = (body: string | undefined) =>
  (JSON.parse(body ?? '{}') as { data: { object: Record<string, Record<string, unknown>> } }).data
    .object;

describe('the sandbox observed profile', () => {
  it('lists items as the recorded responses show them: no currency, kind or description, extra fields', async () => {
    const sb = await sandbox({ profile: 'observed' });
    const [item] = (await call(sb, 'GET', 'items')).body as Array<Record<string, unknown>>;
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('currency');
    expect(item).not.toHaveProperty('kind');
    expect(item).not.toHaveProperty('description');
    expect(item).toMatchObject({ tax_type: 'excluded', accounting_code: null });
  });

  it('answers /authorization with the identity id as a string', async () => {
    const sb = await sandbox({ profile: 'observed' });
    const body = (await call(sb, 'GET', 'authorization')).body as { identity: { id: unknown } };
    expect(body.identity.id).toMatch(/^\d+$/);
  });

  it('lists sessions oldest first with no paging headers, ignoring limit and created_before', async () => {
    const sb = await sandbox({ profile: 'observed' });
    const made = [await newSession(sb), await newSession(sb), await newSession(sb)];
    const res = await call(sb, 'GET', `checkout/sessions?limit=1&created_before=${made[1]?.id}`);
    expect((res.body as SessionJson[]).map((s) => s.id)).toEqual(made.map((s) => s.id));
    expect(res.headers.get('x-pages-hasmore')).toBeNull();
    expect(res.headers.get('x-pages-nextpage')).toBeNull();
    expect(res.body).toSatisfy((list: SessionJson[]) => list.every((s) => !('created_at' in s)));
  });

  it('sends checkout.failed and checkout.abandoned without a session id', async () => {
    const { sb, receiver } = await hooked();
    const failing = await newSession(sb);
    const leaving = await newSession(sb);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${failing.id}/fail`);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${leaving.id}/abandon`);
    const [failed, abandoned] = (await receiver.waitFor(2)).map((d) => objectOf(d.body));
    expect(failed?.transaction_details).toEqual({
      gateway: 'stripe',
      type: 'charge',
      description: CAFE_GUIDE,
    });
    expect(failed?.message).toEqual({ response_message: 'Insufficient funds', status_code: 422 });
    expect(failed?.contact?.email).toBe('ada@example.com');
    expect(abandoned?.transaction_details).toEqual({ description: CAFE_GUIDE, plan: null });
    expect(Object.keys(abandoned?.contact ?? {}).sort()).toEqual(
      ['city', 'country', 'email', 'first_name', 'last_name'].sort(),
    );
  });

  it('charges tax on top of the items: the sale is 21% more than the session sum in EUR', async () => {
    const { sb, receiver } = await hooked();
    const s = await newSession(sb);
    expect(s.items[0]?.amount).toBe(2100);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`);
    const [paid] = await receiver.waitFor(1);
    expect(objectOf(paid?.body).transaction_details).toMatchObject({
      session: s.id,
      amount_cents: 2541,
      amount: '25.41',
    });
  });

  it('abandons a pending session after 30 idle minutes of its clock, then removes it after 7 days', async () => {
    const { sb, receiver } = await hooked();
    const s = await newSession(sb);
    sb.advanceClock(29 * 60_000);
    expect(((await call(sb, 'GET', `checkout/sessions/${s.id}`)).body as SessionJson).status).toBe(
      'pending',
    );
    sb.advanceClock(2 * 60_000);
    expect(((await call(sb, 'GET', `checkout/sessions/${s.id}`)).body as SessionJson).status).toBe(
      'abandoned',
    );
    const [event] = await receiver.waitFor(1);
    expect(JSON.parse(event?.body ?? '{}')).toMatchObject({ event_type: 'checkout.abandoned' });
    sb.advanceClock(7 * 24 * 60 * 60_000);
    expect((await call(sb, 'GET', `checkout/sessions/${s.id}`)).status).toBe(404);
  });

  it('abandons on its own when abandonAfterMs is compressed, with nobody calling', async () => {
    const { sb, receiver } = await hooked({ abandonAfterMs: 200 });
    await newSession(sb);
    const [event] = await receiver.waitFor(1);
    expect(JSON.parse(event?.body ?? '{}')).toMatchObject({ event_type: 'checkout.abandoned' });
  });

  it('lets a test in another process advance the clock through the control endpoint', async () => {
    const sb = await sandbox({ profile: 'observed' });
    const s = await newSession(sb);
    const moved = await control(sb, 'POST', '/__sandbox/clock', { advanceMs: 31 * 60_000 });
    expect(moved.status).toBe(200);
    const after = (await call(sb, 'GET', `checkout/sessions/${s.id}`)).body as SessionJson;
    expect(after.status).toBe('abandoned');
  });

  it('answers over-limit calls 503 when no api_version is pinned, 429 when one is', async () => {
    const sb = await sandbox({ profile: 'observed', rateLimit: { limit: 3, windowMs: 60_000 } });
    const limits: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      limits.push((await call(sb, 'GET', 'ping')).headers.get('x-ratelimit-limit') ?? 'absent');
    }
    expect(limits).toContain('');
    expect((await call(sb, 'GET', 'ping')).status).toBe(503);
    const pinned = { Accept: 'application/json; api_version=20220325' };
    expect((await call(sb, 'GET', 'ping', undefined, pinned)).status).toBe(429);
  });

  it('keeps its profile in the state file across a restart', async () => {
    const stateFile = dir.file('state.json');
    const first = await sandbox({ profile: 'observed', stateFile });
    await first.close();
    const again = await sandbox({ stateFile });
    expect(again.profile).toBe('observed');
    expect(
      ((await call(again, 'GET', 'authorization')).body as { identity: { id: unknown } }).identity
        .id,
    ).toMatch(/^\d+$/);
  });
});

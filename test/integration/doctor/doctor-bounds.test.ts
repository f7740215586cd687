// The connection check keeps going past a failed step and ends within its total bound, over
// real HTTP against a scripted server and a real SQLite file.
import { describe, expect, it } from 'vitest';
import { createDoctor } from '../../../main/doctor';
import { createQuadernoClient, type QuadernoClientOptions } from '../../../main/quaderno';
import { openStore } from '../../../main/store';
import { CHECKOUT_EVENTS, WEBHOOK_EVENTS } from '../../../main/webhooks';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { TEST_ACCOUNT } from '../../support/test-store';
import { randomKey, startTinyServer } from '../../unit/quaderno/tiny-server';
import { realServiceRoutes, type RouteOptions } from './real-service';
import { DOCTOR_STEPS } from './steps';

const tmp = useTempDir();
const { closing } = useCleanups();

async function doctorAgainst(
  routes: RouteOptions,
  totalMs?: number,
  client: Partial<QuadernoClientOptions> = {},
) {
  const { apiUrl } = closing(await startTinyServer([realServiceRoutes(routes)]));
  const store = closing(openStore(tmp.file('console.sqlite')));
  const row = store.accounts.add({ ...TEST_ACCOUNT, name: 'Acme', apiUrl, kind: 'test' });
  const apiKey = randomKey();
  const account = { ...row, active: true };
  const doctor = createDoctor({
    store,
    ...(totalMs ? { totalMs } : {}),
    accounts: {
      activeClient: async (options = {}) => ({
        account,
        client: createQuadernoClient({
          apiUrl,
          apiKey,
          timeoutMs: 60_000,
          ...client,
          ...options,
        }),
      }),
    },
  });
  return { doctor, apiKey, accountId: row.id, store };
}

const AUTH_KEY = 'Zx9_secretAuthKey-0123';
const HOOK_URL = 'https://shop.loca.lt/hooks/tok3nS3cretPathValue';
const hook = (id: number, events: readonly string[] = WEBHOOK_EVENTS) => ({
  id,
  url: HOOK_URL,
  auth_key: AUTH_KEY,
  events_types: [...events],
  last_sent_at: null,
  last_error: `Response code 404 returned at 2026-11-29 to ${HOOK_URL}`,
  events_sent: 3,
});

/** The report and its webhook step when this console registered webhook 7 and Quaderno lists `listed`. */
async function webhookCheck(
  listed: number,
  url = HOOK_URL,
  routes: RouteOptions = {},
  events: readonly string[] = WEBHOOK_EVENTS,
) {
  const { doctor, accountId, store } = await doctorAgainst({
    webhooks: [{ ...hook(listed, events), url }],
    ...routes,
  });
  store.webhookEndpoints.setCurrent(accountId, {
    webhookId: 7,
    url,
    events: ['checkout.succeeded'],
  });
  const report = await doctor.run();
  return { report, webhook: report.checks.find((c) => c.name === 'webhook') };
}

describe('the connection check', () => {
  it('reports a failed step with its message and still runs every step after it', async () => {
    const { doctor, apiKey } = await doctorAgainst({ missing: 'items' });
    const report = await doctor.run();
    const items = report.checks.find((c) => c.name === 'items');
    expect(items?.status).toBe('fail');
    expect(items?.summary).toMatch(/products/i);
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => c.name)).toEqual(DOCTOR_STEPS);
    expect(report.checks.find((c) => c.name === 'sessions')?.details.order).toBe('oldest-first');
    expect(report.checks.find((c) => c.name === 'clock')?.status).toBe('pass');
    expect(JSON.stringify(report)).not.toContain(apiKey);
  });

  it('ends within its total bound when Quaderno never answers a step', async () => {
    const { doctor } = await doctorAgainst({ hangOn: 'items' }, 1500);
    const started = Date.now();
    const report = await doctor.run();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(report.checks.find((c) => c.name === 'ping')?.status).toBe('pass');
    const items = report.checks.find((c) => c.name === 'items');
    expect(items?.status).toBe('fail');
    expect(items?.summary).toMatch(/stops after 1.5 s/);
    expect(report.text).toMatch(/Result: \d+ checks? failed/);
  });

  it('ends the retry waits of a step it stopped: none outlives the report', async () => {
    // Each wait between retries lasts until its call's signal ends it.
    const waits: AbortSignal[] = [];
    const sleep = (_ms: number, signal?: AbortSignal) => {
      if (signal) waits.push(signal);
      return new Promise<void>(() => {});
    };
    const { doctor } = await doctorAgainst({ busyOn: 'items' }, 1500, { sleep, rateLimit: false });
    const report = await doctor.run();
    expect(report.checks.find((c) => c.name === 'items')?.summary).toMatch(/stops after 1.5 s/);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.filter((signal) => !signal.aborted)).toEqual([]);
  });

  it('shows our webhook with its last error, without its auth key or its whole path token', async () => {
    const { report, webhook } = await webhookCheck(7);
    expect(webhook?.status).toBe('note');
    expect(webhook?.details).toMatchObject({ registered: true, id: 7, events_sent: 3 });
    expect(webhook?.summary).toMatch(/Response code 404/);
    expect(webhook?.summary).not.toMatch(/Refunds/);
    const everything = JSON.stringify(report);
    expect(everything).not.toContain(AUTH_KEY);
    expect(everything).not.toContain('tok3nS3cretPathValue');
    expect(everything).toContain('/hooks/tok3…');
  });

  it('never shows the user name or password of a public URL saved before they were refused', async () => {
    const url = 'https://merchant:hunter2!s3cret@shop.example.com/hooks/tok3nS3cretPathValue';
    const { report } = await webhookCheck(7, url);
    const everything = JSON.stringify(report);
    expect(everything).not.toContain('merchant');
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain('s3cret@');
    expect(everything).toContain('shop.example.com/hooks/tok3…');
  });

  it('reads the list Quaderno gave after a busy answer the client retried', async () => {
    const sleep = () => Promise.resolve();
    const { doctor } = await doctorAgainst({ busyOnceOn: 'items' }, undefined, {
      sleep,
      rateLimit: false,
    });
    const report = await doctor.run();
    const items = report.checks.find((c) => c.name === 'items');
    expect(items?.status).not.toBe('fail');
    expect(items?.details).toMatchObject({ count: 2 });
  });

  describe('when the list of webhooks may be cut short (a default page of 25, no paging headers)', () => {
    const others = Array.from({ length: 25 }, (_, i) => ({
      ...hook(100 + i),
      url: `${HOOK_URL}${i}`,
    }));

    it('asks for our webhook by id and reports it registered when Quaderno has it', async () => {
      const { webhook } = await webhookCheck(100, HOOK_URL, {
        webhooks: others,
        webhookById: { 7: hook(7) },
      });
      expect(webhook?.status).toBe('note');
      expect(webhook?.details).toMatchObject({ registered: true, id: 7 });
      expect(webhook?.summary).not.toMatch(/no longer has/);
    });

    it('does not claim the webhook is gone when asking for it by id fails', async () => {
      const { webhook } = await webhookCheck(100, HOOK_URL, {
        webhooks: others,
        forbidden: 'webhooks/7',
      });
      expect(webhook?.status).toBe('note');
      expect(webhook?.summary).not.toMatch(/no longer has/);
      expect(webhook?.summary).toMatch(/id 7.*not known/);
    });

    it('says the webhook is gone only once Quaderno answers 404 for it by id', async () => {
      const { webhook } = await webhookCheck(100, HOOK_URL, { webhooks: others });
      expect(webhook?.status).toBe('fail');
      expect(webhook?.summary).toMatch(/no longer has the webhook .*id 7/);
    });
  });

  it('fails the webhook step when Quaderno no longer lists the webhook this console registered', async () => {
    const { report, webhook } = await webhookCheck(8);
    expect(webhook?.status).toBe('fail');
    expect(webhook?.summary).toMatch(/no longer has the webhook .*id 7/);
    expect(report.ok).toBe(false);
  });

  it('says when the webhook does not ask for refunds, and fails when it lacks a checkout event', async () => {
    const checkoutOnly = (await webhookCheck(7, HOOK_URL, {}, CHECKOUT_EVENTS)).webhook;
    expect(checkoutOnly?.status).toBe('note');
    expect(checkoutOnly?.summary).toMatch(/Refunds \(credit\.created\) are not asked for/);
    const { report, webhook } = await webhookCheck(7, HOOK_URL, {}, ['checkout.succeeded']);
    expect(webhook?.status).toBe('fail');
    expect(webhook?.summary).toMatch(/no longer asks for checkout\.failed, checkout\.abandoned/);
    expect(report.ok).toBe(false);
  });
});

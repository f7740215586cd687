import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from '../../support/browser';
import { injectBridgeScript, startHttpBridge, type HttpBridge } from '../../support/http-bridge';
import { createFakeConsole, sampleAccount, type FakeConsole } from './fake-console';

const INDEX = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title>
<script type="module" src="./assets/app.js"></script></head><body>Prix : 21 €</body></html>`;

let dir: string;
let fake: FakeConsole;
let bridge: HttpBridge;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bridge-test-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), INDEX);
  // The app's module script must find the bridge already there, as it finds the preload's.
  await writeFile(
    join(dir, 'assets', 'app.js'),
    'document.title = window.checkoutConsole ? "ready" : "no bridge yet";\n',
  );
  await writeFile(join(tmpdir(), 'bridge-test-secret.txt'), 'secret');
  fake = createFakeConsole();
  bridge = await startHttpBridge({ console: fake, rendererDir: dir });
});

afterAll(async () => {
  await bridge.close();
  await rm(dir, { recursive: true, force: true });
});

async function rpc(name: string, body: string): Promise<unknown> {
  const response = await fetch(new URL(`__rpc/${name}`, bridge.url), { method: 'POST', body });
  expect(response.status).toBe(200);
  return response.json();
}

describe('injecting the bridge script', () => {
  it('adds it at the end of head when the page has no script of its own', () => {
    const html = injectBridgeScript('<html><head><title>x</title></head><body></body></html>');
    expect(html).toBe(
      '<html><head><title>x</title><script defer src="/__bridge.js"></script></head><body></body></html>',
    );
  });
});

describe('the HTTP test bridge over plain HTTP', () => {
  it('serves index.html as UTF-8 with the bridge script ahead of the app script', async () => {
    const response = await fetch(bridge.url);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('21 €');
    const bridgeAt = html.indexOf('<script defer src="/__bridge.js"></script>');
    expect(bridgeAt).toBeGreaterThan(-1);
    expect(bridgeAt).toBeLessThan(html.indexOf('./assets/app.js'));
  });

  it('serves built scripts with a UTF-8 JavaScript content type', async () => {
    const response = await fetch(new URL('assets/app.js', bridge.url));
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toContain('ready');
  });

  it('refuses to serve files outside the renderer folder', async () => {
    const response = await fetch(new URL('/..%2Fbridge-test-secret.txt', bridge.url));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('secret');
  });

  it('passes a call to the console and returns its envelope', async () => {
    expect(await rpc('accounts.list', '{}')).toEqual({ ok: true, value: [sampleAccount] });
  });

  it('answers invalid input with the contract’s field errors, before any handler runs', async () => {
    const before = fake.calls.length;
    const envelope = await rpc('accounts.add', JSON.stringify({ account: 'acme', apiKey: 'pk_1' }));
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(envelope).toHaveProperty('error.fields.apiKey');
    expect(fake.calls.length).toBe(before);
  });

  it('answers a body that is not JSON with invalid_input', async () => {
    expect(await rpc('accounts.list', '{nope')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('answers an unknown method with invalid_input', async () => {
    expect(await rpc('accounts.steal', '{}')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});

describe('the bridge script in Chromium', () => {
  // A hand-made page, not the renderer: nothing to build.
  const browser = useBrowser({ renderer: false });

  it('exposes invoke, which unwraps results and throws errors with code and fields', async () => {
    const page = await browser.newPage();
    await page.goto(bridge.url);
    await page.waitForFunction(() => document.title === 'ready');
    const results = await page.evaluate(async () => {
      const bridge = Reflect.get(window, 'checkoutConsole') as {
        invoke(name: string, input: unknown): Promise<unknown>;
      };
      const added = await bridge.invoke('accounts.add', {
        account: 'acme',
        apiKey: 'sk_test_good',
      });
      const failure = await bridge
        .invoke('accounts.add', { account: 'acme', apiKey: 'sk_test_bad' })
        .catch((e: { name: string; code: string; message: string; fields?: unknown }) => ({
          name: e.name,
          code: e.code,
          message: e.message,
          fields: e.fields,
        }));
      return { added, failure };
    });
    expect(results.added).toEqual(sampleAccount);
    expect(results.failure).toEqual({
      name: 'ContractError',
      code: 'unauthorized',
      message: 'That key was refused.',
      fields: { apiKey: 'That key was refused.' },
    });
    browser.assertNoProblems();
  });

  it('delivers events by name to subscribers until they unsubscribe', async () => {
    const page = await browser.newPage();
    await page.goto(bridge.url);
    await page.evaluate(() => {
      const bridge = Reflect.get(window, 'checkoutConsole') as {
        on(name: string, listener: (payload: unknown) => void): () => void;
      };
      const seen: unknown[] = [];
      Reflect.set(window, 'seen', seen);
      const stop = bridge.on('accounts.changed', (payload) => {
        seen.push(payload);
        stop();
      });
      bridge.on('connectivity.changed', (payload) => seen.push(payload));
    });
    await bridge.waitForEventClients(1);
    fake.emit('accounts.changed', { accounts: [sampleAccount] });
    fake.emit('accounts.changed', { accounts: [] });
    fake.emit('connectivity.changed', { online: false, reason: 'test' });
    await page.waitForFunction(() => (Reflect.get(window, 'seen') as unknown[]).length >= 2);
    expect(await page.evaluate(() => Reflect.get(window, 'seen'))).toEqual([
      { accounts: [sampleAccount] },
      { online: false, reason: 'test' },
    ]);
    browser.assertNoProblems();
  });

  it('reports console errors from the page as problems', async () => {
    const page = await browser.newPage();
    await page.goto(bridge.url);
    await page.evaluate(() => console.error('boom'));
    expect(() => browser.assertNoProblems()).toThrow(/boom/);
  });
});

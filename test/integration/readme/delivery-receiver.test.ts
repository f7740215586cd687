// README "Automatic delivery" cannot drift from what the forward action sends: its receiver
// snippet runs as printed, as a real process, against real signed deliveries.
import { writeFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createForwardAction } from '../../../main/delivery/forward';
import { actionRun } from '../../support/action-run';
import { useCleanups } from '../../support/cleanups';
import { deliveryFailureOf } from '../../support/delivery-failure';
import { startForwardSink } from '../../support/forward-sink';
import { startScript, stopProcess } from '../../support/line-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('checkout-console-receiver-');
const { closing, defer } = useCleanups();
const SECRET = 'whsec_readme_receiver_0123456789';

/** The first ```js block of the README section `title`, exactly as printed. */
function readmeSnippet(title: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith(`${title}\n`)) ?? '';
  const block = /^```js\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!block) throw new Error(`README.md has no js block under "## ${title}"`);
  return block;
}

/** Starts the README's receiver with the secret; resolves with its URL once it listens. */
async function startReadmeReceiver() {
  const file = tmp.file('receiver.mjs');
  writeFileSync(file, readmeSnippet('Automatic delivery'));
  // The snippet reads FORWARD_SECRET and PORT from its environment, as the README runs it.
  const receiver = startScript(
    `process.env.FORWARD_SECRET = ${JSON.stringify(SECRET)}; process.env.PORT = '0';
     await import(${JSON.stringify(pathToFileURL(file).href)});`,
    [],
  );
  defer(() => stopProcess(receiver));
  const ready = await receiver.line('its listening line', (l) => l.startsWith('Listening on '));
  return { receiver, url: `http://127.0.0.1:${ready.replace('Listening on ', '')}/deliveries` };
}

const forward = (nowSeconds?: () => number) =>
  createForwardAction({ secret: () => Promise.resolve(SECRET), nowSeconds });

describe('README "Automatic delivery" receiver', { timeout: 60_000 }, () => {
  it('accepts a signed delivery from the forward action and reads the sale from it', async () => {
    const { receiver, url } = await startReadmeReceiver();
    await forward()(actionRun({ kind: 'forward', url }));
    const said = await receiver.line('the delivery', (l) => l.startsWith('deliver sale'));
    expect(said).toBe('deliver sale 42 to jane@example.com once (key sale-42-rule-7)');
  });

  it('refuses a delivery whose body was changed after signing, and takes the original', async () => {
    const { url } = await startReadmeReceiver();
    // A real delivery, captured on its way, then sent on with one byte of the body changed.
    const sink = closing(await startForwardSink());
    await forward()(actionRun({ kind: 'forward', url: sink.url() }));
    const [captured] = sink.received();
    const headers = {
      'Content-Type': 'application/json',
      'Checkout-Console-Signature': String(captured?.headers['checkout-console-signature']),
    };
    const body = captured?.body ?? '';
    const tampered = body.replace('"amount":1900', '"amount":1');
    expect(tampered).not.toBe(body);
    const post = (b: string) => fetch(url, { method: 'POST', headers, body: b });
    expect((await post(tampered)).status).toBe(401);
    expect((await post(body)).status).toBe(200);
  });

  it('refuses a delivery signed more than 5 minutes ago (a replay), and the forward says so', async () => {
    const { url } = await startReadmeReceiver();
    const stale = forward(() => Date.now() / 1000 - 301);
    const failure = await deliveryFailureOf(stale(actionRun({ kind: 'forward', url })), SECRET);
    expect(failure.message).toMatch(/^127\.0\.0\.1:\d+ answered 401$/);
    expect(failure.retryable).toBe(false);
  });

  it('refuses a delivery signed with another secret', async () => {
    const { url } = await startReadmeReceiver();
    const other = createForwardAction({ secret: () => Promise.resolve(`${SECRET}-other`) });
    await expect(other(actionRun({ kind: 'forward', url }))).rejects.toThrow(/answered 401$/);
  });
});

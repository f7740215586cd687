// `checkout-console link create --item CODE:QTY@PRICE` as a real process against a sandbox,
// whichever way the sandbox reads request amounts.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { runCli, type Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(requestAmountUnits: 'minor' | 'major') {
  const sb = await startSandbox({ requestAmountUnits });
  sandbox = sb;
  const auth = `Basic ${Buffer.from(`${sb.apiKey}:x`).toString('base64')}`;
  const get = async <T>(path: string) =>
    (await (await fetch(`${sb.apiUrl}${path}`, { headers: { Authorization: auth } })).json()) as T;
  const items = await get<Array<{ code: string; currency: string }>>('items.json');
  const cli = (args: string[]): Promise<Finished> =>
    runCli(['--data-dir', tmp.path, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: tmp.path,
        CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
        CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
      },
    });
  const code = (currency: string) => items.find((i) => i.currency === currency)?.code ?? '';
  const sessions = () =>
    get<Array<{ id: number; status: string; items: Array<{ amount: number; quantity: number }> }>>(
      'checkout/sessions.json?limit=100',
    );
  return { cli, code, sessions };
}

describe.each(['minor', 'major'] as const)('link create --item CODE:2@5.00 (%s units)', (mode) => {
  it('prints a link for two at €5.00 each, and it is the only open session', async () => {
    const { cli, code, sessions } = await start(mode);
    const args = ['link', 'create', '--email', 'jane@example.com', '--json'];
    const made = await cli([...args, '--item', `${code('EUR')}:2@5.00`]);
    expect(made.code, made.stderr).toBe(0);
    const link = JSON.parse(made.stdout) as { id: number; total: number; status: string };
    expect(link).toMatchObject({ status: 'pending', total: 1000 });
    const open = (await sessions()).filter((s) => s.status === 'pending');
    expect(open).toMatchObject([{ id: link.id, items: [{ amount: 500, quantity: 2 }] }]);
  });
});

describe('link create with a bad price', () => {
  it.each([
    ['5.001', /at most 2 decimals, like 5\.00/],
    ['-5', /must be a positive number in EUR/],
    ['0', /more than zero/],
  ])('refuses @%s with a usage error and makes no link', async (price, message) => {
    const { cli, code, sessions } = await start('minor');
    const args = ['link', 'create', '--email', 'jane@example.com'];
    const run = await cli([...args, '--item', `${code('EUR')}:2@${price}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(await sessions()).toEqual([]);
  });

  it('refuses decimals for a yen price', async () => {
    const { cli, code } = await start('minor');
    const run = await cli(['link', 'create', '--email', 'a@b.co', '--item', `${code('JPY')}@5.5`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/JPY has no decimals; write the price like 500/);
  });
});

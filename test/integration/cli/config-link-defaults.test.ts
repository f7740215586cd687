// `checkout-console config`: where new links send the customer is the merchant's choice, and
// until it is made, `link create` says which placeholder it used and how to set one's own.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { accountEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing } = useCleanups();

// Nine CLI processes one after another: 21-30 s at load 15-20, past vitest's 30 s once (1 of 4
// runs). The bound is for a hang, as in the folder's other many-process files.
describe('checkout-console config', { timeout: 120_000 }, () => {
  it('sets the success and cancel URLs that new links use, and link create names the placeholder until then', async () => {
    const sandbox = closing(await startSandbox());
    const env = accountEnv(tmp.path, sandbox);
    const cli = (...args: string[]) => runCli(['--data-dir', tmp.path, ...args], { env });
    const products = JSON.parse((await cli('products', '--json')).stdout) as Array<{
      code: string;
    }>;
    const code = products[0]?.code ?? 'missing';
    const create = (email: string) => cli('link', 'create', '--email', email, '--item', code);

    const shown = await cli('config');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      /success-url\s+https:\/\/example\.com\/thank-you\s+\(placeholder\)/,
    );

    const first = await create('ana@example.com');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      'This link uses the placeholder https://example.com/thank-you and https://example.com/cancelled after payment.',
    );
    expect(first.stderr).toContain('`checkout-console config set success-url URL`');

    const bad = await cli('config', 'set', 'success-url', 'shop.example/thanks');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /success-url must be a full http\(s\) address.*"shop\.example\/thanks"/,
    );

    expect((await cli('config', 'set', 'success-url', 'https://shop.example/thanks')).code).toBe(0);
    expect((await cli('config', 'set', 'cancel-url', 'https://shop.example/basket')).code).toBe(0);
    expect((await cli('config', 'get', 'cancel-url')).stdout).toBe('https://shop.example/basket\n');
    const settings = JSON.parse((await cli('config', '--json')).stdout) as Record<string, unknown>;
    expect(settings).toMatchObject({
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/basket',
    });

    const second = await create('bo@example.com');
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/placeholder/);
    const auth = `Basic ${Buffer.from(`${sandbox.apiKey}:x`).toString('base64')}`;
    const sessions = (await (
      await fetch(`${sandbox.apiUrl}checkout/sessions`, { headers: { authorization: auth } })
    ).json()) as Array<{ success_url: string; cancel_url: string; customer?: { email?: string } }>;
    const made = sessions.find((s) => JSON.stringify(s).includes('bo@example.com'));
    expect(made).toMatchObject({
      success_url: 'https://shop.example/thanks',
      cancel_url: 'https://shop.example/basket',
    });
  });
});

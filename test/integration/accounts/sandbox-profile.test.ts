// The app's built-in sandbox: which Quaderno it imitates is chosen with accounts.useSandbox
// and kept with the sandbox's own state, so a restart imitates the same one.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NEW_SANDBOX_PROFILE } from '../../../main/accounts';
import { createConsole, type CheckoutConsole } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import type { Account } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const open: CheckoutConsole[] = [];
afterEach(async () => {
  for (const cc of open.splice(0)) await cc.close();
});

async function makeConsole(): Promise<CheckoutConsole> {
  const cc = await createConsole({ dataDir: tmp.path, secrets: createMemorySecrets(), env: {} });
  open.push(cc);
  return cc;
}

const kept = () =>
  JSON.parse(readFileSync(tmp.file('sandbox-state.json'), 'utf8')) as {
    apiKey: string;
    profile?: string;
  };

/**
 * A fresh connection each time (no pool): the restarted sandbox reuses the port, and a pooled
 * keep-alive socket to the one that closed would fail the call.
 */
function identityId(account: Account): Promise<unknown> {
  const auth = `Basic ${Buffer.from(`${kept().apiKey}:x`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = get(
      `${account.apiUrl}authorization`,
      { headers: { authorization: auth }, agent: false, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve((JSON.parse(text) as { identity: { id: unknown } }).identity.id);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
  });
}

describe('the built-in sandbox profile', () => {
  it('starts a new sandbox account as observed, the profile closest to the real service', async () => {
    const cc = await makeConsole();
    const account = await cc.invoke('accounts.useSandbox', {});
    expect(NEW_SANDBOX_PROFILE).toBe('observed');
    expect(kept().profile).toBe(NEW_SANDBOX_PROFILE);
    // The observed /authorization answers its id as a string.
    expect(typeof (await identityId(account))).toBe('string');
  });

  it('imitates the observed Quaderno when chosen, and still does after a restart', async () => {
    const first = await makeConsole();
    await first.invoke('accounts.useSandbox', { profile: 'observed' });
    await first.close();
    const again = await makeConsole();
    const { activeAccount } = await again.invoke('app.info', {});
    expect(kept().profile).toBe('observed');
    expect(activeAccount).not.toBeNull();
    expect(await identityId(activeAccount!)).toMatch(/^\d+$/);
  });

  it('switches a running sandbox to another profile and keeps its key and demo data', async () => {
    const cc = await makeConsole();
    await cc.invoke('accounts.useSandbox', {});
    const key = kept().apiKey;
    const account = await cc.invoke('accounts.useSandbox', { profile: 'observed' });
    expect(kept()).toMatchObject({ apiKey: key, profile: 'observed' });
    expect(await identityId(account)).toMatch(/^\d+$/);
    expect(await cc.call('products.list', {})).toMatchObject({ ok: true });
    expect(await cc.call('products.sync', {})).toMatchObject({ ok: true });
  });

  it('refuses a profile it does not know', async () => {
    const cc = await makeConsole();
    // As a page or script could send it: dispatch takes input the types would refuse.
    const answer = await cc.dispatch('accounts.useSandbox', { profile: 'real' });
    expect(answer.ok).toBe(false);
  });
});

// Removing an account waits on the keychain before its row goes; a switch made meanwhile (another
// window, the CLI) must stand, and accounts must never be left with none active, which the app
// reads as "no account" and answers with onboarding, at every start.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../../main/console';
import { startSandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import type { Account } from '../../../preload/contract';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing } = useCleanups();

/** Memory secrets whose deletes wait while `hold()` is in force, until `release()`. */
function heldSecrets(): SecretStore & { hold(): void; release(): void } {
  const inner = createMemorySecrets();
  let gate: Promise<void> | null = null;
  let open = () => {};
  return {
    ...inner,
    delete: async (name) => {
      if (gate) await gate;
      return inner.delete(name);
    },
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
  };
}

/** A console with one account per name, each on its own sandbox, the first active. */
async function consoleWithAccounts(secrets: SecretStore, count: number) {
  const cc = closing(
    await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
  );
  const accounts: Account[] = [];
  for (let i = 0; i < count; i++) {
    const sandbox = closing(await startSandbox());
    accounts.push(
      await cc.invoke('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey }),
    );
  }
  const [first] = accounts;
  if (!first) throw new Error('no account added');
  await cc.invoke('accounts.switch', { id: first.id });
  return { cc, accounts };
}

const activeIds = async (cc: CheckoutConsole) =>
  (await cc.invoke('accounts.list', {})).filter((a) => a.active).map((a) => a.id);

/** Starts removing `id`, switches to `to` while the keychain holds the removal, then lets it end. */
async function removeWhileSwitching(
  cc: CheckoutConsole,
  secrets: ReturnType<typeof heldSecrets>,
  id: number,
  to: number,
) {
  secrets.hold();
  const removing = cc.invoke('accounts.remove', { id });
  await new Promise((resolve) => setTimeout(resolve, 20));
  await cc.invoke('accounts.switch', { id: to });
  secrets.release();
  await removing;
}

describe('removing an account while another is switched to', () => {
  it('makes another account active when the one switched to is the one removed', async () => {
    const secrets = heldSecrets();
    const { cc, accounts } = await consoleWithAccounts(secrets, 2);
    const [a, b] = accounts.map((x) => x.id);

    await removeWhileSwitching(cc, secrets, Number(b), Number(b));

    expect(await activeIds(cc)).toEqual([a]);
    expect((await cc.invoke('app.info', {})).activeAccount?.id).toBe(a);
  });

  it('keeps the switch when the active account is removed meanwhile', async () => {
    const secrets = heldSecrets();
    const { cc, accounts } = await consoleWithAccounts(secrets, 3);
    const [a, , c] = accounts.map((x) => x.id);

    await removeWhileSwitching(cc, secrets, Number(a), Number(c));

    expect(await activeIds(cc)).toEqual([c]);
  });
});

describe('opening a console over accounts with none active', () => {
  it('makes the oldest active instead of showing onboarding', async () => {
    const store = openStore(join(tmp.path, DATABASE_FILE));
    const added = ['https://one.example/api', 'https://two.example/api'].map((apiUrl) =>
      store.accounts.add({ name: apiUrl, apiUrl, kind: 'test', email: null, identityId: 1 }),
    );
    store.close();

    const cc = closing(
      await createConsole({
        dataDir: tmp.path,
        secrets: createMemorySecrets(),
        env: {},
        live: { autoStart: false },
      }),
    );

    expect((await cc.invoke('app.info', {})).activeAccount?.id).toBe(added[0]?.id);
    expect(await activeIds(cc)).toEqual([added[0]?.id]);
  });
});

// The registrar as the console builds one for an account on a sandbox: that sandbox's API, and
// webhook keys in a fresh memory keychain unless the test shares one.
import { createQuadernoClient } from '../../../main/quaderno';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { createRegistrar, type Registrar, type RegistrarDeps } from '../../../main/webhooks';
import type { Cleanups } from '../../support/cleanups';
import { suiteProfile } from '../../support/sandbox-profiles';
import type { TempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { startWebhookSink } from '../../support/webhook-sink';

export type SandboxAccount = Pick<RegistrarDeps, 'client' | 'store' | 'accountId'> &
  Partial<Pick<RegistrarDeps, 'secrets' | 'keepKeysInMemory'>>;

export function sandboxRegistrar(sb: Pick<Sandbox, 'apiUrl'>, account: SandboxAccount): Registrar {
  return createRegistrar({ secrets: createMemorySecrets(), apiUrl: sb.apiUrl, ...account });
}

/**
 * A sandbox API, a webhook sink answering its HEAD checks, and a store with one test account on
 * that sandbox, all closed after the test: what a registrar test starts from.
 */
export async function startRegistrarWorld(tmp: TempDir, cleanups: Cleanups) {
  const sb = await startSandbox({ seed: false, profile: suiteProfile() });
  cleanups.closing(sb);
  const receiver = await startWebhookSink();
  cleanups.closing(receiver);
  const { store, accountId } = openStoreWithAccount(tmp.file('console.sqlite'), {
    apiUrl: sb.apiUrl,
    kind: 'test',
  });
  cleanups.closing(store);
  const client = createQuadernoClient({ apiUrl: sb.apiUrl, apiKey: sb.apiKey, maxRetries: 0 });
  return { sb, receiver, store, accountId, client };
}

// The registrar as the console builds one for an account on a sandbox: that sandbox's API, and
// webhook keys in a fresh memory keychain unless the test shares one.
import type { Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { createRegistrar, type Registrar, type RegistrarDeps } from '../../../main/webhooks';

export type SandboxAccount = Pick<RegistrarDeps, 'client' | 'store' | 'accountId'> &
  Partial<Pick<RegistrarDeps, 'secrets' | 'keepKeysInMemory'>>;

export function sandboxRegistrar(sb: Pick<Sandbox, 'apiUrl'>, account: SandboxAccount): Registrar {
  return createRegistrar({ secrets: createMemorySecrets(), apiUrl: sb.apiUrl, ...account });
}

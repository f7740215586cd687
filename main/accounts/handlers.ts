// The accounts.* contract methods: which Quaderno accounts this console knows, which is
// active, and the connection check.
import type { DoctorReport } from '../../preload/contract';
import type { Handlers } from '../dispatch';
import type { AccountsService } from './service';

export type AccountHandlers = Pick<
  Handlers,
  | 'accounts.list'
  | 'accounts.add'
  | 'accounts.useSandbox'
  | 'accounts.remove'
  | 'accounts.switch'
  | 'accounts.checkConnection'
>;

export interface AccountHandlerDeps {
  accounts: AccountsService;
  /** Fetches the new account's catalogue (main/products). */
  syncCatalogue(): Promise<unknown>;
  /** Runs the connection check on the active account (main/doctor). */
  checkConnection(): Promise<DoctorReport>;
}

export function createAccountHandlers(deps: AccountHandlerDeps): AccountHandlers {
  const { accounts } = deps;
  // The catalogue can be synced later: a failure here must not undo a working account.
  const syncCatalogue = () => deps.syncCatalogue().catch(() => undefined);
  return {
    'accounts.list': async () => accounts.list(),
    'accounts.add': async (input) => {
      const account = await accounts.add(input);
      await syncCatalogue();
      return account;
    },
    'accounts.useSandbox': async ({ profile }) => {
      const account = await accounts.useSandbox(profile);
      await syncCatalogue();
      return account;
    },
    'accounts.remove': async ({ id }) => ({ removed: true, ...(await accounts.remove(id)) }),
    'accounts.switch': async ({ id }) => accounts.switchTo(id),
    'accounts.checkConnection': async () => deps.checkConnection(),
  };
}

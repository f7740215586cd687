// The app.* contract methods: what this console is (version, data folder, which account or
// the sandbox) and whether Quaderno answered lately (the offline banner).
import type { Account } from '../../preload/contract';
import type { Connectivity } from '../connectivity';
import type { Handlers } from '../dispatch';

export type AppHandlers = Pick<Handlers, 'app.info' | 'app.connectivity'>;

export interface AppHandlerDeps {
  version: string;
  dataDir: string;
  activeAccount(): Account | null;
  connectivity: Pick<Connectivity, 'state'>;
}

export function createAppHandlers(deps: AppHandlerDeps): AppHandlers {
  return {
    'app.info': async () => {
      const active = deps.activeAccount();
      return {
        version: deps.version,
        mode: active === null ? 'none' : active.kind === 'sandbox' ? 'sandbox' : 'account',
        activeAccount: active,
        dataDir: deps.dataDir,
      };
    },
    'app.connectivity': async () => deps.connectivity.state(),
  };
}

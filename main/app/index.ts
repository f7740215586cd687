// The app.* contract methods: what this console is (version, data folder, which account or
// the sandbox), whether Quaderno answered lately (the offline banner), and Show in folder.
import type { Account } from '../../preload/contract';
import type { Connectivity } from '../connectivity';
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';

export type AppHandlers = Pick<Handlers, 'app.info' | 'app.connectivity' | 'app.showInFolder'>;

export interface AppHandlerDeps {
  version: string;
  dataDir: string;
  activeAccount(): Account | null;
  connectivity: Pick<Connectivity, 'state'>;
  /**
   * The desktop's file manager (main/os revealExports): false for any path but the last
   * export's. Absent in the CLI and the HTTP test bridge, which have no folder to show.
   */
  showInFolder?: ((path: string) => boolean) | undefined;
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
    'app.showInFolder': async ({ path }) => {
      if (!deps.showInFolder) {
        throw new ConsoleError(
          'internal',
          `Show in folder is unavailable here: it needs the desktop app. The file is at ${path}.`,
        );
      }
      if (!deps.showInFolder(path)) {
        throw new ConsoleError(
          'forbidden',
          'Only the file you just exported can be shown. Export again, then choose Show in folder.',
        );
      }
      return { shown: true };
    },
  };
}

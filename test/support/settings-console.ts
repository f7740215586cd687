// Consoles over a test's data folder with nothing set up (memory secrets, no account variables),
// for tests of what the settings methods keep: each closed after its test, and optionally opened
// over preferences an older or hand-edited install stored.
import { join } from 'node:path';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import { openStore } from '../../main/store';
import { useCleanups } from './cleanups';
import type { TempDir } from './temp-dir';

/** Opens a console over `tmp` (closed after the test), storing `storedPreferences` first if given. */
export function useSettingsConsole(
  tmp: TempDir,
): (storedPreferences?: unknown) => Promise<CheckoutConsole> {
  const { closing } = useCleanups();
  return async (storedPreferences) => {
    if (storedPreferences !== undefined) {
      const store = openStore(join(tmp.path, DATABASE_FILE));
      store.settings.set('preferences', storedPreferences);
      store.close();
    }
    return closing(
      await createConsole({
        dataDir: tmp.path,
        secrets: createMemorySecrets(),
        env: {},
        version: '9.9.9',
      }),
    );
  };
}

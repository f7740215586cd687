import { homedir } from 'node:os';
import { join } from 'node:path';

/** Electron's `userData` folder for our productName, so the CLI and the app share one ledger. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CHECKOUT_CONSOLE_DATA_DIR) return env.CHECKOUT_CONSOLE_DATA_DIR;
  const name = 'Checkout Console';
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', name);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), name);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), name);
}

// "Open at login" per platform. Electron's app.setLoginItemSettings works on macOS and Windows
// only; on Linux it does nothing, so there we write the XDG autostart entry desktops read
// (~/.config/autostart/*.desktop). Either way the app starts hidden in the tray (--hidden).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'checkout-console.desktop';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  app: { setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void };
  /** XDG_CONFIG_HOME, else HOME/.config; with neither (a bare test env) Linux does nothing. */
  env: NodeJS.ProcessEnv;
  /** The running binary; an AppImage runs from a new mount each time, so its file is used. */
  execPath: string;
}

/**
 * A desktop-entry Exec argument. The spec's quoting rule (a backslash before `"`, backtick, `$`
 * and `\` inside double quotes) is undone only after its string-value escapes (`\\`, `\n`,
 * `\t`, `\r`), so both are applied, quoting first; a literal `%` is written `%%`, or it would
 * read as a field code (%f, %u…).
 */
function execArg(path: string): string {
  const quoted = `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
  const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };
  return quoted.replace(/[\\\n\t\r]/g, (c) => escapes[c] ?? c).replace(/%/g, '%%');
}

export function autostartEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Checkout Console',
    'Comment=Receives your Quaderno sales in the tray',
    `Exec=${execArg(exec)} ${HIDDEN_ARG}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function loginItemSetter(deps: LoginItemDeps): (openAtLogin: boolean) => void {
  if (deps.platform !== 'linux') {
    return (openAtLogin) => deps.app.setLoginItemSettings({ openAtLogin, args: [HIDDEN_ARG] });
  }
  const config = deps.env.XDG_CONFIG_HOME || (deps.env.HOME && join(deps.env.HOME, '.config'));
  if (!config) return () => undefined;
  const dir = join(config, 'autostart');
  const file = join(dir, AUTOSTART_FILE);
  return (openAtLogin) => {
    if (!openAtLogin) return rmSync(file, { force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, autostartEntry(deps.env.APPIMAGE || deps.execPath), { mode: 0o644 });
  };
}

// "Open at login" per platform: Electron's login item on macOS and Windows, an XDG autostart
// entry on Linux (where Electron's does nothing), each starting the app hidden.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, autostartEntry, loginItemSetter } from '../../../main/os';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

function recordingApp() {
  const items: Array<{ openAtLogin: boolean; args?: string[] }> = [];
  return {
    items,
    setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => void items.push(s),
  };
}

describe('open at login', () => {
  it('asks Electron on macOS and Windows, with the hidden flag', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = recordingApp();
      const set = loginItemSetter({ platform, app, env: {}, execPath: '/x' });
      set(true);
      set(false);
      expect(app.items).toEqual([
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
    }
  });

  it('on Linux writes an autostart entry for the AppImage file, then removes it', () => {
    const app = recordingApp();
    const set = loginItemSetter({
      platform: 'linux',
      app,
      env: { HOME: tmp.path, APPIMAGE: '/home/jo/Apps/Checkout "Console".AppImage' },
      execPath: '/tmp/.mount_x/checkout-console',
    });
    set(true);
    const file = join(tmp.path, '.config', 'autostart', AUTOSTART_FILE);
    expect(readFileSync(file, 'utf8')).toContain(
      'Exec="/home/jo/Apps/Checkout \\"Console\\".AppImage" --hidden\n',
    );
    expect(statSync(file).mode & 0o777).toBe(0o644);
    set(false);
    expect(existsSync(file)).toBe(false);
    set(false); // already gone: nothing to do, no error
    expect(app.items).toEqual([]);
  });

  it('on Linux without a home to write to does nothing', () => {
    const set = loginItemSetter({
      platform: 'linux',
      app: recordingApp(),
      env: {},
      execPath: '/x',
    });
    expect(() => set(true)).not.toThrow();
  });

  it('escapes what the desktop-entry spec reserves inside quotes', () => {
    expect(autostartEntry('/opt/a$b`c\\d')).toContain('Exec="/opt/a\\$b\\`c\\\\d" --hidden');
  });
});

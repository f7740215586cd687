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
      'Exec="/home/jo/Apps/Checkout \\\\"Console\\\\".AppImage" --hidden\n',
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

  it('escapes what the desktop-entry spec reserves, so a desktop reads back the exact path', () => {
    expect(autostartEntry('/opt/a$b`c\\d')).toContain(
      'Exec="/opt/a\\\\$b\\\\`c\\\\\\\\d" --hidden',
    );
    for (const path of [
      '/home/jo/My Apps/Checkout Console.AppImage',
      '/home/jo/100% "real"/app',
      '/opt/a$b`c\\d\\%u',
      '/home/jo/tab\there/line\nbreak/app',
    ]) {
      expect(execArgs(autostartEntry(path))).toEqual([path, '--hidden']);
    }
  });
});

/** The Exec line's arguments as the Desktop Entry spec has a desktop read them; throws where not. */
function execArgs(entry: string): string[] {
  const line = entry.split('\n').find((l) => l.startsWith('Exec='));
  if (!line) throw new Error('no Exec line');
  // 1. The value is a string: its escapes are undone first, and no other backslash is allowed.
  const value = line.slice('Exec='.length).replace(/\\(.?)/g, (_, c: string) => {
    const undone = { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' }[c];
    if (undone === undefined) throw new Error(`invalid string escape \\${c}`);
    return undone;
  });
  // 2. Then the quoting: inside double quotes a backslash may only precede " ` $ or itself.
  const args: string[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] === ' ') {
      i += 1;
      continue;
    }
    let arg = '';
    if (value[i] === '"') {
      for (i += 1; value[i] !== '"'; i += 1) {
        if (i >= value.length) throw new Error('unterminated quote');
        if (value[i] === '\\') {
          i += 1;
          if (!'"`$\\'.includes(value[i] ?? '')) throw new Error('invalid quoted escape');
        }
        arg += value[i];
      }
      i += 1;
    } else {
      for (; i < value.length && value[i] !== ' '; i += 1) arg += value[i];
    }
    // 3. Field codes: %% is a literal %; any other % is a code, not part of a path.
    if (arg.replace(/%%/g, '').includes('%')) throw new Error(`field code in ${arg}`);
    args.push(arg.replace(/%%/g, '%'));
  }
  return args;
}

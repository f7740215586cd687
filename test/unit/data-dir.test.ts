// The CLI's default data folder is the app's (Electron's userData for our product name), so both
// read one ledger. Chromium takes an empty XDG_CONFIG_HOME or APPDATA as unset; so must we, or the
// CLI would open a second, empty ledger in a "Checkout Console" folder wherever it was run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../main/paths';

describe('the default data folder', () => {
  it('is under ~/.config on Linux when XDG_CONFIG_HOME is empty, as the app has it', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux', '/home/jo')).toBe(
      join('/home/jo', '.config', 'Checkout Console'),
    );
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/conf' }, 'linux', '/home/jo')).toBe(
      join('/x/conf', 'Checkout Console'),
    );
  });

  it('is under the roaming AppData folder on Windows when APPDATA is empty', () => {
    expect(defaultDataDir({ APPDATA: '' }, 'win32', '/Users/jo')).toBe(
      join('/Users/jo', 'AppData', 'Roaming', 'Checkout Console'),
    );
  });

  it('takes CHECKOUT_CONSOLE_DATA_DIR, and a blank one as unset rather than a folder named " "', () => {
    expect(defaultDataDir({ CHECKOUT_CONSOLE_DATA_DIR: '/srv/cc' }, 'linux', '/home/jo')).toBe(
      '/srv/cc',
    );
    expect(defaultDataDir({ CHECKOUT_CONSOLE_DATA_DIR: '  ' }, 'linux', '/home/jo')).toBe(
      join('/home/jo', '.config', 'Checkout Console'),
    );
  });
});

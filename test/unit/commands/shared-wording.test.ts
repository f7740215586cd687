// Messages from services both the app and the CLI use: said so that a terminal user can act on
// them too, never pointing at a screen, a button or "the app" alone.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorFromStatus } from '../../../main/quaderno/http-errors';
import { keychainLoadFailed } from '../../../main/secrets/keychain-errors';
import { openStore } from '../../../main/store';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

const GUI_WORDS = /refresh|click|Settings|the app\b/i;
const context = {
  method: 'DELETE',
  endpoint: 'DELETE checkout/sessions/12',
  what: 'checkout session 12',
  origin: 'http://127.0.0.1',
};

describe('wording shared by the app and the CLI', () => {
  it.each([404, 409, 410])('a %i from Quaderno names no screen and no refresh button', (status) => {
    expect(errorFromStatus(status, '', context).message).not.toMatch(GUI_WORDS);
  });

  it('a keychain that cannot load on Linux says to run Checkout Console, not "the app"', () => {
    const message = keychainLoadFailed(new Error('libsecret missing'), 'linux').message;
    expect(message).toContain('run Checkout Console from your desktop session');
    expect(message).not.toMatch(GUI_WORDS);
  });

  it('a damaged data file says to start Checkout Console again, the app or any command', () => {
    const file = tmp.file('console.db');
    writeFileSync(file, 'these bytes are not a database, '.repeat(200));
    expect(() => openStore(file)).toThrow(
      /start Checkout Console again \(the app or any command\)/,
    );
  });
});

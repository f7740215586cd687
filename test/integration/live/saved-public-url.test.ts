// A public URL saved before Settings refused credentials, a ?query or a #fragment is still in the
// store: the console must not register it with Quaderno (password included, or with the secret
// path after the query) nor show it, and Settings must still open on it so it can be fixed.
// "A real Quaderno" is acme.quadernoapp.com, its requests carried to the sandbox by the fetch the
// console's client takes from the global scope (the only network here is loopback).
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import { DATABASE_FILE } from '../../../main/console';
import type { Sandbox } from '../../../main/sandbox';
import { openStore } from '../../../main/store';
import { liveStatus, useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, waitFor } from '../sync/helpers';

const tmp = useTempDir();
const rig = useRig(tmp);
const REAL_API = 'https://acme.quadernoapp.com/api/';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Sends what the console asks of acme.quadernoapp.com to the sandbox instead. */
function carryRealApiTo(sb: Sandbox): void {
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const carried = url.startsWith(REAL_API) ? sb.apiUrl + url.slice(REAL_API.length) : url;
    return realFetch(carried, init);
  });
}

/** A console for a real Quaderno over preferences an older version saved with `publicUrl`. */
async function openWithSavedPublicUrl(publicUrl: string) {
  const sb = await rig.sandbox({ profile: suiteProfile() });
  carryRealApiTo(sb);
  const store = openStore(join(tmp.path, DATABASE_FILE));
  store.settings.set('preferences', { publicUrl });
  store.close();
  const cc = await rig.console(null, {
    env: { CHECKOUT_CONSOLE_API_URL: REAL_API, CHECKOUT_CONSOLE_API_KEY: sb.apiKey },
  });
  return { sb, cc };
}

describe('a public URL saved before the stricter rule', { timeout: 60_000 }, () => {
  it.each([
    ['a user name and password', 'https://u:pw@proxy.example'],
    ['a query', 'https://proxy.example/?a=1'],
    ['a fragment', 'https://proxy.example/#top'],
  ])(
    'with %s is not registered, and the status sends the merchant to Settings',
    async (_w, url) => {
      const { sb, cc } = await openWithSavedPublicUrl(url);

      const s = await waitFor('the status to say the public URL cannot be used', async () => {
        const status = await liveStatus(cc);
        return status.webhook.state === 'error' && status.lastSyncAt !== null && status;
      });

      expect(s.webhook.error).toContain('fix it in Settings › Webhooks and tunnel');
      expect(s.tunnel).toMatchObject({ state: 'manual', publicUrl: null });
      expect(s.webhook.url).toBeNull();
      expect(JSON.stringify(s)).not.toContain('proxy.example');
      expect(await fastClient(sb).listWebhooks()).toEqual([]);
      const settings = valueOf<Settings>(await cc.call('settings.get', {}));
      expect(settings.publicUrl).toBe(url);
    },
  );
});

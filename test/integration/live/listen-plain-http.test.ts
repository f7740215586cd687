// `listen --public-url http://…` with a real (non-loopback) Quaderno: the merchant is warned on
// stderr that Quaderno only delivers to https://, and listen keeps going. The sandbox (a
// Quaderno on this machine) delivers to http://127.0.0.1 as it should: no warning there.
// "A real Quaderno" is acme.quadernoapp.com, its requests carried to the sandbox by the fetch
// the console's client takes from the global scope (the only network here is loopback).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runListen, type ListenFlags } from '../../../main/commands/live';
import { createMemorySecrets } from '../../../main/secrets';
import type { Sandbox } from '../../../main/sandbox';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';

const tmp = useTempDir();
const rig = useRig(tmp);
const REAL_API = 'https://acme.quadernoapp.com/api/';
const WARNING = 'Quaderno only delivers to https:// addresses';

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

/** `listen` in this process until it says it is listening; what it wrote to stderr. */
async function listenStderr(sb: Sandbox, apiUrl: string, flags: ListenFlags): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  let stop = () => {};
  const stopped = new Promise<void>((r) => (stop = r));
  const running = runListen(
    flags,
    { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: () => Promise.resolve('') },
    stopped,
    {
      dataDir: tmp.path,
      secrets: createMemorySecrets(),
      env: { CHECKOUT_CONSOLE_API_URL: apiUrl, CHECKOUT_CONSOLE_API_KEY: sb.apiKey },
    },
  );
  rig.later(() => {
    stop();
    return running;
  });
  await waitFor('listen to start', () => out.some((l) => l.startsWith('Listening for sales')));
  stop();
  expect(await running).toBe(0);
  return err.join('\n');
}

describe('listen --public-url and Quaderno’s https-only deliveries', { timeout: 60_000 }, () => {
  it('warns on stderr for an http public URL with a real Quaderno, and keeps listening', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    carryRealApiTo(sb);
    const stderr = await listenStderr(sb, 'acme', { 'public-url': 'http://hooks.example.com' });
    expect(stderr).toContain(WARNING);
    expect(stderr).toContain('Use an https URL');
    expect(stderr).toContain('--tunnel');
  });

  it('says nothing for an https public URL with a real Quaderno', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    carryRealApiTo(sb);
    const stderr = await listenStderr(sb, 'acme', { 'public-url': 'https://hooks.example.com' });
    expect(stderr).not.toContain(WARNING);
  });

  it('says nothing for an http public URL with the sandbox on this machine', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const stderr = await listenStderr(sb, sb.apiUrl, { 'public-url': 'http://127.0.0.1:9' });
    expect(stderr).not.toContain(WARNING);
  });
});

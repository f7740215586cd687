import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/sandbox/index';
import { useTempDir } from '../../support/temp-dir';
import { call, control, createSession, eventually, sink, type SessionJson } from './helpers';

/** Runs `body` against a sandbox that is closed before the temp folder goes away. */
async function withSandbox(options: SandboxOptions, body: (sb: Sandbox) => Promise<void>) {
  const sb = await startSandbox(options);
  try {
    await body(sb);
  } finally {
    await sb.close();
  }
}

describe('sandbox state file', () => {
  const dir = useTempDir('sandbox-state-');

  it.skipIf(process.platform === 'win32')(
    'is readable by this user only, since it holds the key and the demo customers',
    async () => {
      const stateFile = dir.file('private', 'sandbox.json');
      await withSandbox({ stateFile }, async () => undefined);
      expect(statSync(stateFile).mode & 0o777).toBe(0o600);
      expect(statSync(dir.file('private')).mode & 0o777).toBe(0o700);
    },
  );

  it('keeps the key, sessions, webhooks and products across a restart', async () => {
    const stateFile = dir.file('demo', 'sandbox.json');
    const receiver = await sink();
    let firstKey = '';
    let session: SessionJson | undefined;
    let hook: { id: number; auth_key: string } | undefined;
    let codes: string[] = [];
    await withSandbox({ stateFile }, async (first) => {
      firstKey = first.apiKey;
      session = await createSession(first, { metadata: { fingerprint: 'f1' } });
      await control(first, 'POST', `/__sandbox/checkout/sessions/${session.id}/complete`);
      hook = (
        await call(first, 'POST', 'webhooks', {
          url: receiver.url(),
          events_types: ['checkout.failed'],
        })
      ).body as { id: number; auth_key: string };
      codes = ((await call(first, 'GET', 'items')).body as Array<{ code: string }>).map(
        (i) => i.code,
      );
    });
    expect(existsSync(stateFile)).toBe(true);

    await withSandbox({ stateFile }, async (second) => {
      expect(second.apiKey).toBe(firstKey);
      const again = (await call(second, 'GET', `checkout/sessions/${session?.id}`))
        .body as SessionJson;
      expect(again).toMatchObject({
        id: session?.id,
        status: 'completed',
        metadata: { fingerprint: 'f1' },
      });
      expect(again.permalink).toMatch(new RegExp(`^${second.origin}/checkout/session/`));
      expect(again.permalink.split('/').pop()).toBe(session?.permalink.split('/').pop());
      expect((await call(second, 'GET', `webhooks/${hook?.id}`)).body).toMatchObject({
        auth_key: hook?.auth_key,
      });
      const items = (await call(second, 'GET', 'items')).body as Array<{ code: string }>;
      expect(items.map((i) => i.code)).toEqual(codes);
      const next = await createSession(second);
      expect(next.id).toBeGreaterThan(session?.id ?? Infinity);
    });
  });

  it('writes changes to the state file soon after they happen, without waiting for close()', async () => {
    const stateFile = dir.file('sandbox.json');
    await withSandbox({ stateFile }, async (sb) => {
      const s = await createSession(sb);
      const stored = await eventually(() => {
        const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
          sessions: Array<{ id: number }>;
        };
        return state.sessions.some((x) => x.id === s.id) ? state : undefined;
      });
      expect(stored.sessions).toHaveLength(1);
      expect(readdirSync(dir.path)).toEqual(['sandbox.json']);
    });
  });

  it('lets an explicit apiKey replace the stored one', async () => {
    const stateFile = dir.file('sandbox.json');
    await withSandbox({ stateFile }, async () => undefined);
    await withSandbox({ stateFile, apiKey: 'sk_test_replacement' }, async (second) => {
      expect(second.apiKey).toBe('sk_test_replacement');
      expect((await call(second, 'GET', 'ping')).status).toBe(200);
    });
    const stored = JSON.parse(readFileSync(stateFile, 'utf8')) as { apiKey: string };
    expect(stored.apiKey).toBe('sk_test_replacement');
  });

  it('refuses to start on a damaged state file and says how to recover', async () => {
    const stateFile = dir.file('sandbox.json');
    writeFileSync(stateFile, '{"version": 1, "apiKey": ');
    await expect(startSandbox({ stateFile })).rejects.toThrow(
      /Delete it to start that sandbox afresh/,
    );
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox/index';
import { useTempDir } from '../../support/temp-dir';
import { call, control, createSession, sandbox, sink, type SessionJson } from './helpers';

describe('sandbox state file', () => {
  const dir = useTempDir('sandbox-state-');

  it('keeps the key, sessions, webhooks and products across a restart', async () => {
    const stateFile = dir.file('demo', 'sandbox.json');
    const receiver = await sink();
    const first = await startSandbox({ stateFile });
    const s = await createSession(first, { metadata: { fingerprint: 'f1' } });
    await control(first, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`);
    const hook = (
      await call(first, 'POST', 'webhooks', {
        url: receiver.url(),
        events_types: ['checkout.failed'],
      })
    ).body as { id: number; auth_key: string };
    const itemsBefore = (await call(first, 'GET', 'items')).body as Array<{ code: string }>;
    await first.close();
    expect(existsSync(stateFile)).toBe(true);

    const second = await sandbox({ stateFile });
    expect(second.apiKey).toBe(first.apiKey);
    const again = (await call(second, 'GET', `checkout/sessions/${s.id}`)).body as SessionJson;
    expect(again).toMatchObject({ id: s.id, status: 'completed', metadata: { fingerprint: 'f1' } });
    expect(again.permalink).toMatch(new RegExp(`^${second.origin}/checkout/session/`));
    expect(again.permalink.split('/').pop()).toBe(s.permalink.split('/').pop());
    expect((await call(second, 'GET', `webhooks/${hook.id}`)).body).toMatchObject({
      auth_key: hook.auth_key,
    });
    expect((await call(second, 'GET', 'items')).body).toEqual(
      itemsBefore.map((i) => expect.objectContaining({ code: i.code })),
    );
    const next = await createSession(second);
    expect(next.id).toBeGreaterThan(s.id);
  });

  it('lets an explicit apiKey replace the stored one', async () => {
    const stateFile = dir.file('sandbox.json');
    const first = await startSandbox({ stateFile });
    await first.close();
    const second = await sandbox({ stateFile, apiKey: 'sk_test_replacement' });
    expect(second.apiKey).toBe('sk_test_replacement');
    expect((await call(second, 'GET', 'ping')).status).toBe(200);
    const stored = JSON.parse(readFileSync(stateFile, 'utf8')) as { apiKey: string };
    expect(stored.apiKey).toBe('sk_test_replacement');
  });

  it('refuses to start on a damaged state file and says how to recover', async () => {
    const stateFile = dir.file('sandbox.json');
    writeFileSync(stateFile, '{"version": 1, "apiKey": ');
    await expect(startSandbox({ stateFile })).rejects.toThrow(/Delete it to start a fresh demo/);
  });
});

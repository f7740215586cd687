// The registrar keeps its account's current registration in memory: every delivery asks for
// the signing targets, and reading the row each time was a query and a zod parse per delivery.
// Its own changes (ensure to a new URL, remove) must still show at once.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { sandboxRegistrar, startRegistrarWorld } from './sandbox-registrar';

const tmp = useTempDir('registrar-current-');
const cleanups = useCleanups();

async function world() {
  const { sb, receiver, store, accountId, client } = await startRegistrarWorld(tmp, cleanups);
  // The endpoints table as the registrar sees it, counting its reads of the current row.
  const reads = { current: 0 };
  const endpoints: Store['webhookEndpoints'] = {
    ...store.webhookEndpoints,
    current: (id) => {
      reads.current += 1;
      return store.webhookEndpoints.current(id);
    },
  };
  const registrar = sandboxRegistrar(sb, {
    client,
    store: { webhookEndpoints: endpoints },
    accountId,
  });
  return { client, receiver, registrar, reads };
}

describe('the registrar’s current registration', () => {
  it('is read from the store once, not once per delivery', async () => {
    const w = await world();
    await w.registrar.ensure(w.receiver.url('/hooks/one'));
    const before = w.reads.current;
    for (let i = 0; i < 20; i += 1) await w.registrar.signingTargets();
    expect(w.reads.current - before).toBeLessThanOrEqual(1);
  });

  it('shows a new URL and a removal at once', async () => {
    const w = await world();
    await w.registrar.ensure(w.receiver.url('/hooks/one'));
    expect((await w.registrar.signingTargets()).map((t) => t.url)).toEqual([
      w.receiver.url('/hooks/one'),
    ]);
    const moved = await w.registrar.ensure(w.receiver.url('/hooks/two'));
    const [hook] = await w.client.listWebhooks();
    expect(w.registrar.current()).toEqual({
      webhookId: moved.webhookId,
      url: w.receiver.url('/hooks/two'),
    });
    // The new URL first; the old one stays a while for deliveries already in flight.
    const targets = await w.registrar.signingTargets();
    expect(targets[0]).toEqual({ url: w.receiver.url('/hooks/two'), authKey: hook?.auth_key });
    expect(targets.map((t) => t.url)).toContain(w.receiver.url('/hooks/one'));

    await w.registrar.remove();
    expect(w.registrar.current()).toBeNull();
    expect((await w.registrar.signingTargets()).map((t) => t.url)).not.toContain(
      w.receiver.url('/hooks/two'),
    );
  });
});

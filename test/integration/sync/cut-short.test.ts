// A status list Quaderno gives only in part (the observed service: oldest first, no paging
// headers, `limit` and `created_before` ignored) is told in Activity: once per run, not once per
// list, and not again on every run while nothing changed.
import { describe, expect, it } from 'vitest';
import type { QuadernoClient } from '../../../main/quaderno';
import { startSandbox, type Sandbox, type SandboxProfile } from '../../../main/sandbox';
import type { Store } from '../../../main/store';
import { createSync } from '../../../main/sync';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { fastClient, sessions } from './helpers';

const tmp = useTempDir();
const cleanups = useCleanups();

async function setup(
  profile: SandboxProfile,
): Promise<{ sb: Sandbox; store: Store; accountId: number }> {
  const sb = await startSandbox({ rateLimit: { limit: 100_000, windowMs: 1000 }, profile });
  cleanups.defer(() => sb.close());
  const { store, accountId } = openStoreWithAccount(tmp.file('console.sqlite'), {
    name: 'sandbox',
    apiUrl: sb.apiUrl,
    kind: 'test',
  });
  cleanups.defer(() => store.close());
  return { sb, store, accountId };
}

const cutShortLines = (store: Store, accountId: number) =>
  store.activity
    .list(accountId, { kind: 'sync_cut_short', limit: 50, offset: 0 })
    .items.map((a) => a.message)
    .reverse();

const PARTIAL =
  'checkout sessions only in part, with no way to read the rest, so some older links and sales may not have been read. Links made in this console are still checked one by one; look up older sales made elsewhere in Quaderno.';

describe('a status list read only in part', () => {
  it('is told once for the run, naming every list cut short, and not again while nothing changed', async () => {
    const { sb, store, accountId } = await setup('observed');
    await sessions(sb, 30);
    await sessions(sb, 26, null);
    const sync = createSync({ client: fastClient(sb), store, accountId });

    await sync.run();
    await sync.run();

    expect(cutShortLines(store, accountId)).toEqual([
      `Quaderno gave its list of completed and pending ${PARTIAL}`,
    ]);
  });

  it('is told again when a list read to the end is later cut short again', async () => {
    const { sb, store, accountId } = await setup('observed');
    await sessions(sb, 30);
    const client = fastClient(sb);
    await createSync({ client, store, accountId }).run();
    // One run where Quaderno gives the whole (short) list.
    const short: QuadernoClient = {
      ...client,
      listSessionsPage: async (q, call) => {
        const page = await client.listSessionsPage(q, call);
        return { ...page, items: page.items.slice(0, 3) };
      },
    };
    await createSync({ client: short, store, accountId }).run();
    expect(cutShortLines(store, accountId)).toHaveLength(1);

    await createSync({ client, store, accountId }).run();

    expect(cutShortLines(store, accountId)).toEqual([
      `Quaderno gave its list of completed ${PARTIAL}`,
      `Quaderno gave its list of completed ${PARTIAL}`,
    ]);
  });

  it('says nothing when every list is read to the end through its pages', async () => {
    const { sb, store, accountId } = await setup('documented');
    await sessions(sb, 30);
    await createSync({ client: fastClient(sb), store, accountId, pageSize: 10 }).run();
    expect(store.fulfillments.list(accountId, { limit: 50, offset: 0 }).total).toBe(30);
    expect(cutShortLines(store, accountId)).toEqual([]);
  });
});

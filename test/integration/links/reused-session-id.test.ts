// A Quaderno that hands out a session id again (a reset account or sandbox) must not turn a
// stored link and its sale into another customer's.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../../main/console';
import { valueOrThrow } from '../../../main/dispatch';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import type { Link } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';
import { failure } from './helpers';
import { suiteProfile } from '../../support/sandbox-profiles';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function sandboxAt(stateFile: string, port = 0): Promise<Sandbox> {
  const sb = await startSandbox({
    stateFile,
    port,
    rateLimit: { limit: 10_000, windowMs: 1000 },
    profile: suiteProfile(),
  });
  cleanups.push(() => sb.close());
  return sb;
}

async function control(sb: Sandbox, id: number): Promise<void> {
  const res = await fetch(`${sb.origin}/__sandbox/checkout/sessions/${id}/complete`, {
    method: 'POST',
  });
  if (!res.ok) throw new Error(`complete ${id} → ${res.status}`);
}

/** Forgets every session and winds the id counter back to `id`, as a reset Quaderno might. */
function resetSandboxState(stateFile: string, id: number): void {
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
    sessions: unknown[];
    nextId: { session: number };
  };
  state.sessions = [];
  state.nextId.session = id;
  writeFileSync(stateFile, JSON.stringify(state));
}

const create = (cc: CheckoutConsole, email: string, product: string) =>
  cc.call('links.create', { customer: { email }, items: [{ product }] });
const reusedMessage = (id: number) =>
  `Quaderno reused session id ${id} for a different checkout link; the earlier link and its sale were kept`;

describe('a reused session id', { timeout: 60_000 }, () => {
  it('keeps the stored link and sale and tells the merchant, on create, sync and a webhook sale', async () => {
    const stateFile = tmp.file('sandbox.json');
    let sb = await sandboxAt(stateFile);
    const cc = await createConsole({
      dataDir: tmp.path,
      secrets: createMemorySecrets(),
      env: {},
      live: { autoStart: false },
    });
    cleanups.push(() => cc.close());
    await cc.invoke('accounts.add', { account: sb.apiUrl, apiKey: sb.apiKey });
    const [product] = await cc.invoke('products.list', {});
    if (!product) throw new Error('no product');
    const jane = valueOrThrow(await create(cc, 'jane@example.com', product.code)).link;
    await control(sb, jane.id);
    await cc.invoke('sync.run', {});
    const janeSale = (await cc.invoke('fulfillments.list', { limit: 10 })).items[0];
    expect(janeSale).toMatchObject({ sessionId: jane.id, permalink: jane.permalink });

    await sb.close();
    resetSandboxState(stateFile, jane.id);
    sb = await sandboxAt(stateFile, sb.port);
    // A read first: it retries past the keep-alive socket the old sandbox closed.
    await cc.invoke('products.sync', {});

    const refused = failure(await create(cc, 'carol@example.net', product.code));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain(reusedMessage(jane.id));
    expect(refused.message).toContain('Was the account or sandbox reset?');
    // Carol's session in the reset sandbox has Jane's id; paying it and syncing changes nothing.
    await control(sb, jane.id);
    await cc.invoke('sync.run', {});
    await cc.invoke('sync.run', {});

    const stored = (await cc.invoke('links.get', { id: jane.id })).link;
    expect(stored).toMatchObject<Partial<Link>>({
      permalink: jane.permalink,
      status: 'completed',
      reuseCount: 0,
      customer: expect.objectContaining({ email: 'jane@example.com' }) as Link['customer'],
    });
    const sales = await cc.invoke('fulfillments.list', { limit: 10 });
    expect(sales.total).toBe(1);
    expect(sales.items[0]).toEqual(janeSale);
    const log = await cc.invoke('activity.list', { kind: 'log' });
    const flagged = log.items.filter((i) => i.message.startsWith(reusedMessage(jane.id)));
    // One line per reused id and permalink, however many syncs see it again.
    expect(flagged).toHaveLength(1);
    await cc.close();

    // The receiver's path: a sale reported for the same id under another permalink.
    const store = openStore(join(tmp.path, DATABASE_FILE));
    cleanups.push(() => store.close());
    const repo = store.fulfillments;
    const [account] = store.accounts.list();
    if (!account) throw new Error('the console added no account');
    const accountId = account.id;
    const result = repo.record(accountId, {
      ...janeSale!,
      permalink: `${sb.origin}/checkout/session/${'b'.repeat(40)}`,
      customerEmail: 'dave@example.org',
      source: 'webhook',
      eventId: null,
    });
    expect(result).toMatchObject({ id: janeSale!.id, created: false, idReused: true });
    expect(repo.get(accountId, janeSale!.id)).toEqual(janeSale);
  });
});

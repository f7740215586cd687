// Keeps exactly one Quaderno webhook per account, owned by this console, pointed at the current
// public URL. Ownership is the webhook_endpoints table: nothing else is ever updated or deleted.
import { ConsoleError, isConsoleError } from '../errors';
import type { QuadernoClient, QuadernoWebhook } from '../quaderno';
import type { SecretStore } from '../secrets';
import { accountGone, type Store } from '../store';
import { createAuthKeys } from './auth-keys';
import { assertAnswersHead } from './head-check';

export const CHECKOUT_EVENTS = ['checkout.succeeded', 'checkout.failed', 'checkout.abandoned'];
/** A credit note: what the console reads as a refund of the sale it names (receiver/refund.ts). */
export const REFUND_EVENT = 'credit.created';
/** What the console's webhook asks for: every checkout outcome, and refunds. */
export const WEBHOOK_EVENTS = [...CHECKOUT_EVENTS, REFUND_EVENT];

/** Deliveries signed for a URL we just moved away from may still be in flight. */
const REPLACED_URL_GRACE_MS = 10 * 60_000;

export interface RegistrarDeps {
  client: QuadernoClient;
  /**
   * The webhook_endpoints table: which webhook this console owns. With `accounts`, nothing is
   * created at Quaderno for an account removed meanwhile (logout while a tunnel reconnects).
   */
  store: Pick<Store, 'webhookEndpoints'> & Partial<Pick<Store, 'accounts'>>;
  secrets: SecretStore;
  accountId: number;
  apiUrl: string;
  /** Sandbox accounts: keys stay in memory and are re-read from the API after a restart. */
  keepKeysInMemory?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface EnsureResult {
  webhookId: number;
  url: string;
  /** True when the webhook we owned had disappeared from Quaderno and was created again. */
  recreated: boolean;
}

export interface Registrar {
  ensure(url: string): Promise<EnsureResult>;
  /** ensure() for the URL already registered, e.g. after a sync; null when none is registered. */
  verify(): Promise<EnsureResult | null>;
  signingTargets(): Promise<Array<{ url: string; authKey: string }>>;
  current(): { webhookId: number; url: string } | null;
  remove(): Promise<void>;
}

const isNotFound = (e: unknown) => isConsoleError(e) && e.code === 'not_found';

const isRefused = (e: unknown) => isConsoleError(e) && e.code === 'invalid_input';

function sameSet(events: readonly string[], wanted: readonly string[]): boolean {
  const got = new Set(events);
  return got.size === wanted.length && wanted.every((e) => got.has(e));
}

/** A webhook that reports every checkout outcome: one of ours, with or without refunds. */
function coversCheckout(events: readonly string[]): boolean {
  return CHECKOUT_EVENTS.every((e) => events.includes(e));
}

export function createRegistrar(deps: RegistrarDeps): Registrar {
  const { client, accountId } = deps;
  const now = deps.now ?? Date.now;
  const endpoints = deps.store.webhookEndpoints;
  const keys = createAuthKeys({
    secrets: deps.secrets,
    apiUrl: deps.apiUrl,
    keepKeysInMemory: deps.keepKeysInMemory ?? false,
  });
  const replaced: Array<{ url: string; authKey: string; until: number }> = [];
  // Quaderno refused a webhook asking for refunds too (an account or API version that does not
  // offer credit.created to webhooks, as far as we can tell from a 422): the console then asks for
  // the checkout events alone, since a refused registration would stop every live sale, and does
  // not ask again in this process. Refunds are then not received at all (sync reads sessions,
  // not credit notes); the doctor says so.
  let refundsRefused = false;
  const asWanted = (events: readonly string[]) =>
    sameSet(events, WEBHOOK_EVENTS) || (refundsRefused && sameSet(events, CHECKOUT_EVENTS));

  /**
   * Runs a create or update asking for the wanted events; when Quaderno refuses the list with
   * refunds in it (422), once more with the checkout events alone. A 422 for another reason (the
   * URL's HEAD check) is refused again and that answer is what the caller sees.
   */
  async function withFallback<T>(write: (events: string[]) => Promise<T>): Promise<T> {
    if (refundsRefused) return write([...CHECKOUT_EVENTS]);
    try {
      return await write([...WEBHOOK_EVENTS]);
    } catch (e) {
      if (!isRefused(e)) throw e;
    }
    const written = await write([...CHECKOUT_EVENTS]);
    refundsRefused = true;
    return written;
  }
  // The current row as last read (undefined: read it again). Every delivery asks for the
  // signing targets, and reading the row was a query and a zod parse each time. In this process
  // only this registrar writes its account's rows, and each of its writes drops this copy;
  // ensure() and verify() drop it too, so a registration another console wrote into the same
  // data folder is seen at their next call.
  let currentRow: { webhookId: number; url: string } | null | undefined;
  // One registration at a time: two overlapping ensure() calls must not create two webhooks.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  async function fetchOrNull(id: number): Promise<QuadernoWebhook | null> {
    try {
      return await client.getWebhook(id);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  // A key the keychain (or memory) lacks is read from the API once per webhook: every delivery
  // asks for the signing targets, a forger's too, and a GET each spent the account's rate limit
  // while Quaderno had dropped the webhook. Deliveries arriving meanwhile share the read; a
  // failed one is tried again by the next delivery; a webhook Quaderno no longer has is
  // remembered until ensure() or verify() registers one.
  let recovering: { webhookId: number; key: Promise<string | null> } | null = null;
  function recoverKey(webhookId: number): Promise<string | null> {
    if (recovering?.webhookId === webhookId) return recovering.key;
    const key = fetchOrNull(webhookId).then(async (hook) => {
      if (!hook) return null;
      await keys.set(hook.id, hook.auth_key);
      return hook.auth_key;
    });
    const entry = { webhookId, key };
    recovering = entry;
    key.catch(() => {
      if (recovering === entry) recovering = null;
    });
    return key;
  }

  async function remember(url: string, webhookId: number): Promise<void> {
    const authKey = await keys.get(webhookId);
    if (authKey) replaced.push({ url, authKey, until: now() + REPLACED_URL_GRACE_MS });
  }

  /** Finds the webhook to keep: ours by id, else one already pointing at exactly this URL. */
  async function findOurs(url: string): Promise<{ hook: QuadernoWebhook | null; lost: boolean }> {
    const current = endpoints.current(accountId);
    if (current) {
      const hook = await fetchOrNull(current.webhookId);
      if (hook) return { hook, lost: false };
    }
    const owned = new Set(endpoints.list(accountId).map((r) => r.webhookId));
    const all = await client.listWebhooks();
    // A webhook at our exact URL carries the receiver's secret token, so it is ours even if
    // this data folder never recorded it (another console instance made it).
    const hook = all.find((w) => owned.has(w.id)) ?? all.find((w) => w.url === url) ?? null;
    return { hook, lost: current !== undefined && hook === null };
  }

  async function pointAt(hook: QuadernoWebhook, url: string): Promise<QuadernoWebhook | null> {
    if (hook.url === url && asWanted(hook.events_types)) return hook;
    await assertAnswersHead(url, deps.fetch);
    try {
      const updated = await withFallback(async (events) => {
        // Asked for the checkout events alone, a webhook already at the URL with them is kept
        // as it is: an upgrade to refunds was all that was refused. (Were the 422 Quaderno's
        // HEAD check failing instead, the webhook is as good as before, and refunds are asked
        // for again by the next process.)
        if (hook.url === url && sameSet(hook.events_types, events)) return hook;
        return client.updateWebhook(hook.id, { url, events_types: events });
      });
      if (hook.url !== url) await remember(hook.url, hook.id);
      return updated;
    } catch (e) {
      if (isNotFound(e)) return null; // deleted by Quaderno between our GET and PUT
      throw e;
    }
  }

  /** Deletes every webhook we own but `keepId`; returns the first failure, if any. */
  async function dropStale(keepId: number): Promise<unknown> {
    let failure: unknown = null;
    for (const row of endpoints.list(accountId)) {
      if (row.webhookId === keepId) continue;
      try {
        await client.deleteWebhook(row.webhookId);
      } catch (e) {
        if (!isNotFound(e)) {
          failure ??= e; // kept in the table; the next ensure() or remove() tries again
          continue;
        }
      }
      await remember(row.url, row.webhookId);
      currentRow = undefined;
      endpoints.remove(accountId, row.webhookId);
      await keys.delete(row.webhookId);
    }
    return failure;
  }

  /**
   * Two consoles on one data folder may both find nothing and both create. Each then keeps the
   * oldest webhook at the URL and deletes only the one it just made, so they converge on one.
   */
  async function settleTwins(created: QuadernoWebhook): Promise<QuadernoWebhook> {
    const twins = (await client.listWebhooks()).filter(
      (w) => w.url === created.url && coversCheckout(w.events_types),
    );
    const oldest = twins.reduce((a, b) => (b.id < a.id ? b : a), created);
    if (oldest.id === created.id) return created;
    try {
      await client.deleteWebhook(created.id);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    return oldest;
  }

  const accountKept = () => {
    const accounts = deps.store.accounts;
    return accounts === undefined || accounts.get(accountId) !== undefined;
  };
  const refuseGoneAccount = () => {
    if (!accountKept()) throw new ConsoleError('not_found', accountGone(accountId));
  };

  async function ensureNow(url: string): Promise<EnsureResult> {
    refuseGoneAccount();
    const found = await findOurs(url);
    let hook = found.hook ? await pointAt(found.hook, url) : null;
    const recreated = found.lost || (found.hook !== null && hook === null);
    let made: QuadernoWebhook | null = null;
    if (!hook) {
      await assertAnswersHead(url, deps.fetch);
      // Checked again after the waits above: logout may have removed the account meanwhile.
      refuseGoneAccount();
      made = await withFallback((events) => client.createWebhook({ url, events_types: events }));
      hook = await settleTwins(made);
    }
    try {
      await keys.set(hook.id, hook.auth_key);
    } catch (e) {
      // No key stored, no row written: a webhook made here would deliver events nothing can
      // verify, and no later ensure() on another URL would know to drop it. It goes now.
      await forgetUnrecorded(hook.id, made?.id === hook.id);
      throw e;
    }
    currentRow = undefined;
    try {
      endpoints.setCurrent(accountId, {
        webhookId: hook.id,
        url: hook.url,
        events: hook.events_types,
      });
    } catch (e) {
      // The account went while Quaderno answered (its row's foreign key refused ours): logout
      // has already read the webhooks it deletes, so the one made here and its key go now.
      if (accountKept()) throw e;
      await forgetUnrecorded(hook.id, made?.id === hook.id);
      throw new ConsoleError('not_found', accountGone(accountId), { cause: e });
    }
    await dropStale(hook.id);
    return { webhookId: hook.id, url: hook.url, recreated };
  }

  /** Best effort: the caller reports the account gone whatever happens here. */
  async function forgetUnrecorded(webhookId: number, madeHere: boolean): Promise<void> {
    if (madeHere) await client.deleteWebhook(webhookId).catch(() => undefined);
    await keys.delete(webhookId).catch(() => undefined);
  }

  function current(): { webhookId: number; url: string } | null {
    if (currentRow === undefined) {
      const row = endpoints.current(accountId);
      currentRow = row ? { webhookId: row.webhookId, url: row.url } : null;
    }
    return currentRow;
  }

  return {
    ensure: (url) =>
      serial(() => {
        currentRow = undefined;
        recovering = null;
        return ensureNow(url);
      }),
    verify: () =>
      serial(async () => {
        currentRow = undefined;
        recovering = null;
        const row = current();
        return row ? ensureNow(row.url) : null;
      }),
    current,
    async signingTargets() {
      const targets: Array<{ url: string; authKey: string }> = [];
      const row = current();
      if (row) {
        let authKey = await keys.get(row.webhookId);
        // Memory-only keys are gone after a restart; Quaderno still has the key.
        if (authKey === null) authKey = await recoverKey(row.webhookId);
        if (authKey !== null) targets.push({ url: row.url, authKey });
      }
      const t = now();
      for (let i = replaced.length - 1; i >= 0; i--) {
        const r = replaced[i];
        if (r && r.until < t) replaced.splice(i, 1);
      }
      for (const r of replaced) {
        if (!targets.some((x) => x.url === r.url && x.authKey === r.authKey)) {
          targets.push({ url: r.url, authKey: r.authKey });
        }
      }
      return targets;
    },
    remove: () =>
      serial(async () => {
        const failure = await dropStale(-1);
        replaced.length = 0;
        if (failure) throw failure;
      }),
  };
}

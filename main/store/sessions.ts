// Checkout sessions the console knows (made here, or learnt from the API or a webhook).
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { sessionStatuses, type Link, type SessionStatus } from '../../preload/contract-links';
import { FINAL_SESSION_STATUSES, settledStatus } from '../../preload/session-statuses';
import type { NormalizedSession } from '../quaderno';
import { createActivityRepo } from './activity';
import { keptHits, type KeptWalk } from './kept-hits';
import { createSessionSearch } from './session-search';
import {
  boundedTotal,
  countUpTo,
  hitRows,
  INDEX_PAGE_DEPTH,
  newestHits,
  type HitList,
  type ListTotal,
} from './text-search';
import { systemNow } from './clock';
import { readJson } from './json';

export interface SessionUpsertResult {
  created: boolean;
  statusChanged: boolean;
  previousStatus: SessionStatus | null;
  /** The id is stored under another permalink: nothing was written (see reusedSessionId). */
  idReused: boolean;
}

/**
 * Two permalinks under one id mean Quaderno (or a reset sandbox) handed out an id again.
 * Merging would put one customer's link and sale under another's, so the stored row wins.
 */
export function isReusedId(stored: string | null | undefined, reported: string | null): boolean {
  return Boolean(stored && reported && stored !== reported);
}

export function reusedSessionMessage(id: number): string {
  return (
    `Quaderno reused session id ${id} for a different checkout link; the earlier link and its ` +
    'sale were kept and the new one was not recorded. Was the account or sandbox reset? ' +
    'Check the new session in Quaderno.'
  );
}

export interface SessionListQuery {
  status?: SessionStatus;
  search?: string;
  limit: number;
  offset: number;
  /** Count a searched list's hits only this far past the page (see boundedTotal). */
  countAhead?: number | undefined;
}

export interface SessionsRepo {
  upsert(
    accountId: number,
    s: NormalizedSession,
    opts: { origin: 'console' | 'remote' },
  ): SessionUpsertResult;
  get(accountId: number, id: number): Link | undefined;
  /** true if the status changed; a completed or deleted link never moves (settledStatus). */
  setStatus(accountId: number, id: number, status: SessionStatus): boolean;
  /** The newest pending or abandoned session with this fingerprint. */
  findOpenByFingerprint(accountId: number, fingerprint: string): Link | undefined;
  /** Open sessions (pending, processing, abandoned) for this email, any case, newest first. */
  openByEmail(accountId: number, email: string, limit: number): Link[];
  /** A page of links and how many match: a search with many hits says at least how many. */
  list(accountId: number, q: SessionListQuery): { items: Link[] } & ListTotal;
  /** Every session of the account, newest first, read as it is consumed (for exports). */
  iterate(accountId: number): Generator<Link>;
  markReused(accountId: number, id: number): void;
  newestId(accountId: number, status?: SessionStatus): number | null;
  /** Ids of open sessions (pending, processing, abandoned) below `beforeId`, newest first. */
  openIdsBelow(accountId: number, beforeId: number, limit: number): number[];
}

const linkItem = z.object({
  product: z.string(),
  name: z.string(),
  quantity: z.number(),
  unitAmount: z.number(),
  currency: z.string(),
});

const linkItems = z.array(linkItem).catch([]);

const sessionRecord = z
  .object({
    id: z.number().int(),
    status: z.enum(sessionStatuses),
    permalink: z.string(),
    customer_email: z.string().nullable(),
    customer_first_name: z.string().nullable(),
    customer_last_name: z.string().nullable(),
    customer_company: z.string().nullable(),
    customer_country: z.string().nullable(),
    items_json: z.string(),
    total_amount: z.number().int(),
    currency: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    reuse_count: z.number().int(),
  })
  .transform((r): Link => ({
    id: r.id,
    permalink: r.permalink,
    status: r.status,
    customer: {
      email: r.customer_email ?? '',
      firstName: r.customer_first_name,
      lastName: r.customer_last_name,
      company: r.customer_company,
      billingCountry: r.customer_country,
    },
    items: readJson(r.items_json, linkItems, []),
    total: r.total_amount,
    currency: r.currency ?? '',
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    reuseCount: r.reuse_count,
  }));

const COLUMNS = `id, status, permalink, customer_email, customer_first_name, customer_last_name,
  customer_company, customer_country, items_json, total_amount, currency, created_at, updated_at,
  reuse_count`;

// The Links list, newest first, as a search with many hits reads it (see newestHits).
const LINKS_LIST = { table: 'sessions', columns: COLUMNS, time: 'created_at' };

/** Links iterate() reads per statement. */
const LINK_BATCH = 2000;

const maxIdRow = z.object({ id: z.number().int().nullable() });
const sessionIds = z.array(z.number().int());

/** A link a customer may still pay: what sync asks about one by one. */
const OPEN_STATUSES = ['pending', 'processing', 'abandoned'] as const;
const linkCount = z.number().int();

const toLink = (raw: unknown): Link | undefined =>
  raw === undefined ? undefined : sessionRecord.parse(raw);

export function createSessionsRepo(db: Database, now: () => string = systemNow): SessionsRepo {
  const selectOne = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE account_id = ? AND id = ?`);
  const selectStatus = db.prepare(
    'SELECT status, permalink FROM sessions WHERE account_id = ? AND id = ?',
  );
  const flagReusedId = createReusedIdFlag(db, now);
  // A sparse report (a webhook without items or email) must not wipe what the console knows.
  const upsertStmt = db.prepare(`
    INSERT INTO sessions (account_id, id, status, origin, fingerprint, permalink, customer_email,
      customer_first_name, customer_last_name, customer_company, customer_country, items_json,
      total_amount, currency, metadata_json, created_at, updated_at)
    VALUES (@accountId, @id, @status, @origin, @fingerprint, @permalink, @email, @firstName,
      @lastName, @company, @country, @itemsJson, @total, @currency, @metadataJson, @createdAt, @now)
    ON CONFLICT (account_id, id) DO UPDATE SET
      status = excluded.status,
      origin = CASE WHEN excluded.origin = 'console' THEN 'console' ELSE origin END,
      fingerprint = COALESCE(excluded.fingerprint, fingerprint),
      permalink = CASE WHEN excluded.permalink = '' THEN permalink ELSE excluded.permalink END,
      customer_email = COALESCE(excluded.customer_email, customer_email),
      customer_first_name = COALESCE(excluded.customer_first_name, customer_first_name),
      customer_last_name = COALESCE(excluded.customer_last_name, customer_last_name),
      customer_company = COALESCE(excluded.customer_company, customer_company),
      customer_country = COALESCE(excluded.customer_country, customer_country),
      items_json = CASE WHEN excluded.items_json = '[]' THEN items_json ELSE excluded.items_json END,
      total_amount = CASE WHEN excluded.items_json = '[]' THEN total_amount ELSE excluded.total_amount END,
      currency = CASE WHEN excluded.items_json = '[]' THEN currency ELSE excluded.currency END,
      metadata_json = CASE WHEN excluded.metadata_json = '{}' THEN metadata_json ELSE excluded.metadata_json END,
      updated_at = excluded.updated_at`);
  // Reports come out of order: a final status stays (preload/session-statuses.ts, settledStatus).
  const finalList = FINAL_SESSION_STATUSES.map((status) => `'${status}'`).join(', ');
  const updateStatus = db.prepare(
    `UPDATE sessions SET status = ?, updated_at = ? WHERE account_id = ? AND id = ? AND status <> ?
       AND status NOT IN (${finalList})`,
  );
  const selectOpen = db.prepare(`SELECT ${COLUMNS} FROM sessions
    WHERE account_id = ? AND fingerprint = ? AND status IN ('pending', 'abandoned')
    ORDER BY id DESC LIMIT 1`);
  // In batches, never one open statement: the connection refuses the receiver's writes while
  // a better-sqlite3 iterator is open, and the export gives the receiver turns between batches.
  const selectBatch = db.prepare(
    `SELECT ${COLUMNS} FROM sessions WHERE account_id = ? AND (created_at, id) < (?, ?)
     ORDER BY created_at DESC, id DESC LIMIT ${LINK_BATCH}`,
  );
  const newest = db.prepare('SELECT max(id) AS id FROM sessions WHERE account_id = ?');
  // The search box's own statements are prepared here once, with the repository's.
  const searchLinks = createSessionSearch(db);
  const newestWith = db.prepare(
    'SELECT max(id) AS id FROM sessions WHERE account_id = ? AND status = ?',
  );
  const withStatus = db
    .prepare(
      `SELECT id FROM sessions WHERE account_id = @accountId AND status = @status
         AND id < @beforeId ORDER BY id DESC LIMIT @size`,
    )
    .pluck();
  const idEnds = db
    .prepare(
      `SELECT coalesce((SELECT created_at FROM sessions WHERE account_id = @accountId
          ORDER BY id DESC LIMIT 1) >= (SELECT created_at FROM sessions
          WHERE account_id = @accountId ORDER BY id ASC LIMIT 1), 1)`,
    )
    .pluck();
  const reused = db.prepare(`UPDATE sessions SET reuse_count = reuse_count + 1,
    last_reused_at = ? WHERE account_id = ? AND id = ?`);
  // Schema 14's counts: an unsearched list is as long as one or a few of these rows say.
  // Prepared on first use (once): the upgrade tests write through this repo as an older
  // console would, on a file whose schema has no such table yet.
  let countedStmt: Statement | undefined;
  const counted = {
    get: (params: { accountId: number; status: SessionStatus | null }): unknown =>
      (countedStmt ??= db
        .prepare(
          `SELECT coalesce(sum(count), 0) AS n FROM session_counts
           WHERE account_id = @accountId AND (@status IS NULL OR status = @status)`,
        )
        .pluck()).get(params),
  };

  const upsert = db.transaction(
    (accountId: number, s: NormalizedSession, origin: 'console' | 'remote') => {
      const before = selectStatus.get(accountId, s.id) as
        { status: SessionStatus; permalink: string } | undefined;
      if (before && isReusedId(before.permalink, s.permalink)) {
        flagReusedId(accountId, s.id, s.permalink);
        return {
          created: false,
          statusChanged: false,
          previousStatus: before.status,
          idReused: true,
        };
      }
      const stamp = now();
      // A stale list (read before a webhook landed) never moves a link back (settledStatus).
      const status = settledStatus(before?.status ?? null, s.status);
      upsertStmt.run({
        accountId,
        id: s.id,
        status,
        origin,
        fingerprint: s.fingerprint,
        permalink: s.permalink,
        email: s.customer.email.trim() === '' ? null : s.customer.email.trim(),
        firstName: s.customer.firstName,
        lastName: s.customer.lastName,
        company: s.customer.company,
        country: s.customer.billingCountry,
        itemsJson: JSON.stringify(s.items),
        total: s.total,
        currency: s.items.length > 0 ? s.currency : null,
        metadataJson: JSON.stringify(s.metadata),
        createdAt: s.createdAt ?? stamp,
        now: stamp,
      });
      return {
        created: before === undefined,
        statusChanged: before !== undefined && before.status !== status,
        previousStatus: before?.status ?? null,
        idReused: false,
      };
    },
  );

  /** The ids of one status's links, highest first, from schema 2's sessions_status. */
  function statusWalk(accountId: number, status: SessionStatus): KeptWalk {
    let beforeId = Number.MAX_SAFE_INTEGER;
    return (size) => {
      const ids = withStatus.all({ accountId, status, beforeId, size });
      const last = z.number().int().optional().parse(ids.at(-1));
      if (last !== undefined) beforeId = last;
      return ids;
    };
  }

  // Which end of the ids a search's newest links are read from first (see newestHits): Quaderno
  // numbers sessions, and a file whose highest id is not its newest link (the 1M bench's) read a
  // page from the wrong end first, 1 ms for nothing.
  function newestEnd(accountId: number): 'highest' | 'lowest' {
    return idEnds.get({ accountId }) === 1 ? 'highest' : 'lowest';
  }

  function listPage(accountId: number, q: SessionListQuery): { items: Link[] } & ListTotal {
    const where = ['account_id = @accountId'];
    const params: Record<string, string | number> = { accountId };
    if (q.status) {
      where.push('status = @status');
      params.status = q.status;
    }
    const list: HitList = { ...LINKS_LIST, filters: where.join(' AND ') };
    const search = searchLinks(accountId, q.search);
    // Few hits: fetch them by key (account, id) and sort them, rather than walk the whole
    // account in date order (`+created_at` keeps SQLite off the date index).
    let order = 'created_at DESC, id DESC';
    if (search) {
      if (search.fewMatches) order = '+created_at DESC, id DESC';
      where.push(search.sql);
      Object.assign(params, search.params);
    }
    const filter = where.join(' AND ');
    const index = search?.index;
    // Walking the hits pays when the status keeps many of them (1 in 20 links or more).
    const all = q.status ? linkCount.parse(counted.get({ accountId, status: null })) : 0;
    const share =
      q.status && all > 0 ? linkCount.parse(counted.get({ accountId, status: q.status })) / all : 1;
    const keepsMany = share * 20 >= 1;
    const total: ListTotal = search
      ? boundedTotal(q, (bound) => {
          if (index && !q.status) return index.countUpTo(bound);
          if (index && keepsMany && q.status && bound !== undefined) {
            // The links of that status by id, from its own index (see keptHits); else counting
            // so far, hit by hit, stops early.
            const walk = statusWalk(accountId, q.status);
            const limits = { want: 0, bound, share, keptRows: share * all };
            const found = keptHits(index, walk, params, limits);
            return found?.count ?? countUpTo(db, hitRows(index, list), params, bound);
          }
          // Every hit: one set of them costs less.
          return countUpTo(db, `sessions WHERE ${filter}`, params, bound);
        })
      : { total: linkCount.parse(counted.get({ accountId, status: q.status ?? null })) };
    const want = q.offset + q.limit;
    const newest =
      index && keepsMany && want <= INDEX_PAGE_DEPTH
        ? newestHits(db, index, list, params, want, newestEnd(accountId))
        : undefined;
    if (newest) {
      return { items: newest.slice(q.offset).map((r) => sessionRecord.parse(r)), ...total };
    }
    // Past the middle of a list whose length is known, read from the oldest end with the
    // mirrored offset rather than skip most of a million index entries.
    const end = Math.min(q.offset + q.limit, total.total);
    const fromOldest = !total.totalIsLowerBound && q.offset < end && q.offset * 2 > total.total;
    const rows = db
      .prepare(
        `SELECT ${COLUMNS} FROM sessions WHERE ${filter}
         ORDER BY ${fromOldest ? order.replace(/DESC/g, 'ASC') : order}
         LIMIT @limit OFFSET @offset`,
      )
      .all(
        fromOldest
          ? { ...params, limit: end - q.offset, offset: total.total - end }
          : { ...params, limit: q.limit, offset: q.offset },
      );
    if (fromOldest) rows.reverse();
    return { items: rows.map((r) => sessionRecord.parse(r)), ...total };
  }

  // The length and the rows in one read: another process (`listen`, `sync` beside the app) may
  // commit between the two, and a page read at the mirrored offset would skip or repeat a link.
  const listSnapshot = db.transaction(listPage);

  return {
    upsert: (accountId, s, opts) => upsert.immediate(accountId, s, opts.origin),
    get: (accountId, id) => toLink(selectOne.get(accountId, id)),
    setStatus: (accountId, id, status) =>
      updateStatus.run(status, now(), accountId, id, status).changes > 0,
    findOpenByFingerprint: (accountId, fingerprint) =>
      toLink(selectOpen.get(accountId, fingerprint)),
    openByEmail(accountId, email, limit) {
      // The search index narrows to sessions naming this text (no email index: schema 6).
      const search = searchLinks(accountId, email);
      if (!search) return [];
      return db
        .prepare(
          `SELECT ${COLUMNS} FROM sessions WHERE account_id = @accountId AND ${search.sql}
             AND status IN ('pending', 'processing', 'abandoned')
             AND customer_email = @email COLLATE NOCASE
           ORDER BY id DESC LIMIT @limit`,
        )
        .all({ ...search.params, accountId, email: email.trim(), limit })
        .map((r) => sessionRecord.parse(r));
    },
    list: (accountId, q) => listSnapshot.deferred(accountId, q),
    *iterate(accountId) {
      let before: [string, number] = ['\uffff', 0];
      for (;;) {
        const batch = selectBatch.all(accountId, ...before).map((r) => sessionRecord.parse(r));
        yield* batch;
        const last = batch.at(-1);
        if (batch.length < LINK_BATCH || !last) return;
        before = [last.createdAt, last.id];
      }
    },
    markReused(accountId, id) {
      reused.run(now(), accountId, id);
    },
    newestId(accountId, status) {
      const row = status ? newestWith.get(accountId, status) : newest.get(accountId);
      return maxIdRow.parse(row).id;
    },
    openIdsBelow(accountId, beforeId, limit) {
      // One walk of the status index each (an IN list would sort every open link).
      return OPEN_STATUSES.flatMap((status) =>
        sessionIds.parse(withStatus.all({ accountId, status, beforeId, size: limit })),
      )
        .sort((a, b) => b - a)
        .slice(0, limit);
    },
  };
}

/** Tells the merchant once per reused id and permalink, not on every sync that sees it again. */
export function createReusedIdFlag(db: Database, now: () => string) {
  const activity = createActivityRepo(db, now);
  const seen = db.prepare(
    "SELECT 1 FROM activity WHERE account_id = ? AND kind = 'session_id_reused' AND detail_json = ?",
  );
  return (accountId: number, id: number, permalink: string | null): void => {
    const detail = { sessionId: id, permalink };
    if (seen.get(accountId, JSON.stringify(detail)) !== undefined) return;
    activity.add(accountId, 'session_id_reused', reusedSessionMessage(id), detail);
  };
}

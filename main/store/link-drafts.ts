// Links asked for while Quaderno was unreachable (schema 11), kept until they can be created.
// A claim, taken in one IMMEDIATE transaction, lets one runner at a time (in this process or
// another on the same file) work on a draft; a runner that dies leaves its claim to expire.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  draftStatuses,
  linkCreateInput,
  type DraftStatus,
  type LinkCreateRequest,
} from '../../preload/contract-links';
import { systemNow } from './clock';
import { parseJson, readJson } from './json';

export interface LinkDraftRow {
  id: number;
  accountId: number;
  status: DraftStatus;
  /** null when the stored request no longer reads as one (a hand edit): refuse it. */
  request: LinkCreateRequest | null;
  /**
   * With a null request only: the stored request as JSON, unchecked (undefined when it is not
   * JSON), so what an unreadable draft still says can be shown (main/links/drafts.ts).
   */
  stored?: unknown;
  reason: string | null;
  /** Tries that reached Quaderno and failed without an answer to keep (a 500, a timeout). */
  attempts: number;
  linkId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface LinkDraftsRepo {
  /**
   * `requestKey` names the purchase: see `settle`. Asking again for a purchase that already
   * waits (Create link pressed twice while offline) returns that draft, not a second one.
   */
  save(accountId: number, request: LinkCreateRequest, requestKey: string): LinkDraftRow;
  /** Drops the waiting drafts of that purchase nobody holds: the merchant made its link since. */
  settle(accountId: number, requestKey: string, nowMs: number): number;
  /** Oldest first, every status. */
  list(accountId: number): LinkDraftRow[];
  /** How many wait to be created, on any account (whether a runner has work). */
  waitingCount(accountId: number): number;
  /**
   * The oldest waiting draft nobody holds, now held until `nowMs + holdMs`; undefined when none.
   * One transaction, so two runners never take the same draft.
   */
  claim(accountId: number, nowMs: number, holdMs: number): LinkDraftRow | undefined;
  created(id: number, linkId: number): void;
  refused(id: number, reason: string): void;
  /** Back to waiting, with the reason it could not be created now; `counted` adds an attempt. */
  release(id: number, reason: string, counted: boolean): void;
  /** False when there is no such draft, or a runner holds it right now. */
  discard(accountId: number, id: number, nowMs: number): boolean;
}

/** A link_drafts row, declared once for every read of the table. */
const draftRecord = z
  .object({
    id: z.number().int(),
    account_id: z.number().int(),
    status: z.enum(draftStatuses),
    input_json: z.string(),
    reason: z.string().nullable(),
    attempts: z.number().int(),
    link_id: z.number().int().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform((r): LinkDraftRow => {
    const request = readJson<LinkCreateRequest | null>(r.input_json, linkCreateInput, null);
    const json = request === null ? parseJson(r.input_json) : undefined;
    return {
      id: r.id,
      accountId: r.account_id,
      status: r.status,
      request,
      ...(json?.ok ? { stored: json.value } : {}),
      reason: r.reason,
      attempts: r.attempts,
      linkId: r.link_id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });

const COLUMNS =
  'id, account_id, status, input_json, reason, attempts, link_id, created_at, updated_at';
const FREE = '(claimed_until IS NULL OR claimed_until < @nowMs)';

export function createLinkDraftsRepo(db: Database, now: () => string = systemNow): LinkDraftsRepo {
  const insert = db.prepare(`INSERT INTO link_drafts
    (account_id, input_json, request_key, created_at, updated_at)
    VALUES (@accountId, @input, @requestKey, @at, @at) RETURNING ${COLUMNS}`);
  const waitingFor = db.prepare(`SELECT ${COLUMNS} FROM link_drafts WHERE account_id = @accountId
    AND request_key = @requestKey AND status = 'waiting' ORDER BY id LIMIT 1`);
  const settle = db.prepare(`DELETE FROM link_drafts WHERE account_id = @accountId
    AND request_key = @requestKey AND status = 'waiting' AND ${FREE}`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM link_drafts WHERE account_id = ? ORDER BY id`);
  const waiting = db
    .prepare(`SELECT count(*) FROM link_drafts WHERE account_id = ? AND status = 'waiting'`)
    .pluck();
  const next = db.prepare(`SELECT id FROM link_drafts
    WHERE account_id = @accountId AND status = 'waiting' AND ${FREE} ORDER BY id LIMIT 1`);
  // A claim found lapsed is a runner that died mid-try, after Quaderno may have made the session:
  // that try counts (drafts.ts then lets reuse rules find it rather than force a twin).
  const hold = db.prepare(`UPDATE link_drafts SET claimed_until = @until,
    attempts = attempts + (claimed_until IS NOT NULL) WHERE id = @id RETURNING ${COLUMNS}`);
  const finish = db.prepare(`UPDATE link_drafts SET status = @status, reason = @reason,
    link_id = @linkId, claimed_until = NULL, updated_at = @at WHERE id = @id`);
  const release = db.prepare(`UPDATE link_drafts SET reason = @reason,
    attempts = attempts + @counted, claimed_until = NULL, updated_at = @at WHERE id = @id`);
  const remove = db.prepare(
    `DELETE FROM link_drafts WHERE account_id = @accountId AND id = @id AND ${FREE}`,
  );
  const claim = db.transaction((accountId: number, nowMs: number, holdMs: number) => {
    const found = next.get({ accountId, nowMs }) as { id: number } | undefined;
    if (!found) return undefined;
    return draftRecord.parse(hold.get({ id: found.id, until: nowMs + holdMs }));
  });
  const end = (id: number, status: DraftStatus, reason: string | null, linkId: number | null) =>
    finish.run({ id, status, reason, linkId, at: now() });

  return {
    save: db.transaction((accountId: number, request: LinkCreateRequest, requestKey: string) => {
      const same = waitingFor.get({ accountId, requestKey });
      if (same) return draftRecord.parse(same);
      const input = JSON.stringify(request);
      return draftRecord.parse(insert.get({ accountId, input, requestKey, at: now() }));
    }),
    settle: (accountId, requestKey, nowMs) => settle.run({ accountId, requestKey, nowMs }).changes,
    list: (accountId) => list.all(accountId).map((r) => draftRecord.parse(r)),
    waitingCount: (accountId) => Number(waiting.get(accountId)),
    claim: (accountId, nowMs, holdMs) => claim.immediate(accountId, nowMs, holdMs),
    created: (id, linkId) => void end(id, 'created', null, linkId),
    refused: (id, reason) => void end(id, 'refused', reason, null),
    release: (id, reason, counted) =>
      void release.run({ id, reason, counted: counted ? 1 : 0, at: now() }),
    discard: (accountId, id, nowMs) => remove.run({ accountId, id, nowMs }).changes > 0,
  };
}

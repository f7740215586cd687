// The delivery outbox (schema 13): one job per sale and matching rule, written in the
// transaction that recorded the sale, run by a worker that claims one job at a time. Every
// change of a job's state is one IMMEDIATE transaction (or a savepoint in the caller's, which
// must be IMMEDIATE too: the worker claims a batch in repos' derivedTransaction), so the app and
// `listen` on one data folder never take the same job, and a job's end and its sale's status
// commit together.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  jobStatuses,
  ruleActionKinds,
  type DeliveryJob,
  type RuleActionKind,
} from '../../preload/contract-delivery';
import type { ClaimedJob, DeliveryJobsRepo } from '../delivery';
import { ConsoleError } from '../errors';
import { systemNow } from './clock';
import type { DeliveryRulesStore, ReadRule } from './delivery-rules';

/** A delivery_jobs row, declared once for every read of the table. */
const jobRecord = z
  .object({
    id: z.number().int(),
    account_id: z.number().int(),
    sale_id: z.number().int(),
    rule_id: z.number().int(),
    rule_name: z.string(),
    kind: z.enum(ruleActionKinds),
    idempotency_key: z.string(),
    status: z.enum(jobStatuses),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    next_try_at: z.number().int(),
    last_error: z.string().nullable(),
    done_at: z.string().nullable(),
    done_by: z.enum(['rule', 'merchant']).nullable(),
    created_at: z.string(),
    claimed_until: z.number().int().nullable(),
  })
  .transform((r): ClaimedJob => ({
    id: r.id,
    accountId: r.account_id,
    saleId: r.sale_id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextTryAt: r.status === 'pending' ? new Date(r.next_try_at).toISOString() : null,
    lastError: r.last_error,
    doneAt: r.done_at,
    doneBy: r.done_by,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    claim: r.claimed_until,
    // Only an unknown outcome cuts the tries left below the full count (see `hold`, `fail`).
    mayHaveDelivered: r.max_attempts < MAX_ATTEMPTS,
  }));

/** A listed job's `held` (0 or 1; null for a job whose sale is gone, which holds nothing). */
const heldRecord = z.object({ held: z.number().int().nullable() });

/** The due job a claim found, before it is held. */
const dueRecord = z.object({
  id: z.number().int(),
  /** The kind its rule runs now (see nextDue). */
  run_kind: z.enum(ruleActionKinds),
  claimed_until: z.number().int().nullable(),
});

const COLUMNS = `id, account_id, sale_id, rule_id, rule_name, kind, idempotency_key, status,
  attempts, max_attempts, next_try_at, last_error, done_at, done_by, created_at, claimed_until`;
// A claim lapses at claimed_until: a worker that died mid-try leaves its job to the next one.
// claimed_until is also the claim's token: each claim of a job holds it later than any claim of
// that job before (a try's end leaves it negated, "free, last held until"), so a try whose claim
// lapsed and was taken again can tell its own from the new one, whatever the wall clock did.
const FREE = '(claimed_until IS NULL OR claimed_until < @nowMs)';
const KINDS = 'kind IN (SELECT value FROM json_each(@kinds))';
// Jobs whose try this process still runs (its claim may read as lapsed after a clock step).
const NOT_RUNNING = 'id NOT IN (SELECT value FROM json_each(@running))';

/** Tries a job gets (the column's default); a merchant's Retry gives them all again. */
const MAX_ATTEMPTS = 8;

// A job waiting for licence keys that may go back to the queue with no one's Retry: its tries
// were never cut to a repeat-once (none may have delivered; covers rows an older console wrote).
const MAY_GO_BACK_BY_ITSELF = `status = 'needs_attention' AND waiting_for_keys IS NOT NULL
  AND max_attempts >= ${MAX_ATTEMPTS}`;
// ...and its sale is still to deliver, not marked fulfilled by hand: one probe of the sale's
// primary key, last in the WHERE so the cheaper terms before it leave it few rows. A pending job
// of a sale marked fulfilled by hand is held too: never claimed, never due, until Undo.
const SALE_TO_DELIVER = `(SELECT f.status FROM fulfillments f
  WHERE f.id = delivery_jobs.sale_id) = 'new'`;

const soonestRow = z.object({ sale_id: z.number().int().nullable(), due: z.number().nullable() });

const asJob = ({
  accountId: _a,
  claim: _c,
  cutOff: _o,
  mayHaveDelivered: _m,
  ...job
}: ClaimedJob): DeliveryJob => job;
const parseJob = (raw: unknown): DeliveryJob => asJob(jobRecord.parse(raw));

/**
 * A delivery job the active account does not have, in main's words, which test doubles import
 * rather than copy. A sale's deliveries show its jobs (and read them again themselves); the CLI
 * says "No job N" instead. So the words point at no list, and say how a job leaves the account:
 * with its sale.
 */
export function jobNotFound(id: number): ConsoleError {
  return new ConsoleError(
    'not_found',
    `Delivery job ${id} is not in the active account's deliveries. If its sale was sold under ` +
      'another account, switch to that account to see it; otherwise it was removed, with its ' +
      'account or by restoring an older backup.',
  );
}

export function createDeliveryJobsRepo(
  db: Database,
  rules: Pick<DeliveryRulesStore, 'enabledFor'>,
  now: () => string = systemNow,
): DeliveryJobsRepo {
  // The key is random and written once: a forward's Idempotency-Key, a command's environment
  // and an email's Message-ID stay the same through every retry.
  const insert = db.prepare(`INSERT INTO delivery_jobs (account_id, sale_id, rule_id, rule_name,
      kind, idempotency_key, next_try_at, created_at, updated_at)
    VALUES (@accountId, @saleId, @ruleId, @ruleName, @kind, lower(hex(randomblob(16))), @nowMs,
      @at, @at)
    ON CONFLICT (sale_id, rule_id) DO NOTHING RETURNING id`);
  const one = db.prepare(`SELECT ${COLUMNS} FROM delivery_jobs WHERE id = ?`);
  const ofAccount = db.prepare(`SELECT ${COLUMNS} FROM delivery_jobs
    WHERE account_id = ? AND id = ?`);
  // The kind the job's rule runs now (the worker runs the rule as it is, delivery_jobs.kind is
  // the rule's kind when the sale came in), or the job's own once its rule was removed: the
  // claim's hold and its repeat-once cut follow it. One probe of the rule's primary key.
  const nextDue = db.prepare(`SELECT id, claimed_until,
      coalesce((SELECT r.kind FROM delivery_rules r WHERE r.id = delivery_jobs.rule_id), kind)
        AS run_kind
    FROM delivery_jobs
    WHERE status = 'pending' AND next_try_at <= @nowMs AND ${FREE} AND ${KINDS} AND ${NOT_RUNNING}
      AND ${SALE_TO_DELIVER}
    ORDER BY next_try_at, id LIMIT 1`);
  // A previous try whose claim never ended (still positive: a crash) may have delivered: of a
  // kind whose repeat cannot be recognised, this try is the last (none, when none was left).
  const hold = db.prepare(`UPDATE delivery_jobs
    SET claimed_until = max(@until, abs(coalesce(claimed_until, 0)) + 1),
      attempts = attempts + 1, waiting_for_keys = NULL,
      max_attempts = CASE WHEN @cutOff THEN min(max_attempts, attempts + 1) ELSE max_attempts END,
      updated_at = @at
    WHERE id = @id RETURNING ${COLUMNS}`);
  // A job already done keeps its end: a late answer from a try after the merchant marked it done.
  const finish = db.prepare(`UPDATE delivery_jobs SET status = 'done', done_by = @by,
      done_at = @at, claimed_until = NULL, waiting_for_keys = NULL, updated_at = @at
    WHERE id = @id AND status <> 'done'`);
  // A try's failure is written only while its claim is the job's latest (@claim null: no check):
  // once another try took the lapsed claim, that try's end decides. One that may have delivered
  // (@unsure) leaves the job one more try at most; @attention is its last error if none is left.
  // A job that needs the merchant because keys ran out (@waiting, a JSON array of product codes)
  // waits for them, and goes back to the queue once they are added, only when no try of it may
  // have delivered: no attention reason (which says what to check), this try not unsure, its
  // tries never cut to a repeat-once. Otherwise the merchant checks, then Retries. Any other end
  // clears it.
  const fail = db.prepare(`UPDATE delivery_jobs SET
      waiting_for_keys = CASE WHEN (@next IS NULL OR attempts >= max_attempts)
          AND @attention IS NULL AND NOT @unsure AND max_attempts >= ${MAX_ATTEMPTS}
        THEN @waiting ELSE NULL END,
      last_error = CASE WHEN @attention IS NOT NULL AND (@next IS NULL OR attempts >= max_attempts)
        THEN @attention ELSE @reason END,
      max_attempts = CASE WHEN @unsure THEN min(max_attempts, attempts + 1) ELSE max_attempts END,
      claimed_until = -abs(claimed_until),
      status = CASE WHEN @next IS NULL OR attempts >= max_attempts
        THEN 'needs_attention' ELSE 'pending' END,
      next_try_at = coalesce(@next, next_try_at), updated_at = @at
    WHERE id = @id AND status <> 'done' AND (@claim IS NULL OR claimed_until = @claim)`);
  // A claim whose try never began (the worker stopped, or the disk failed, before it ran):
  // released negated, as an ended try's is, so the next claim does not read it as cut off, and
  // not counted. A cut the claim itself applied stays: the try before it may still have delivered.
  const unclaim = db.prepare(`UPDATE delivery_jobs SET claimed_until = -abs(claimed_until),
      attempts = max(attempts - 1, 0), updated_at = @at
    WHERE id = @id AND status <> 'done' AND claimed_until = @claim`);
  // Free keys of a product, counted up to the number wanted (licence_keys_free's range, bounded).
  const freeKeysUpTo = db
    .prepare(
      `SELECT count(*) FROM (SELECT 1 FROM licence_keys WHERE account_id = ? AND product_code = ?
        AND sale_id IS NULL AND taken_at IS NULL LIMIT ?)`,
    )
    .pluck();
  // A job that has just begun waiting for keys the pools hold by now (added during its try, when
  // no job waited for them yet, so the add sent none back) goes back to the queue at once: due
  // since its claim (a failure for want of keys sets no next try), the keyless try not counted:
  // its last error is the one before it (a sale's deliveries show a pending job's), not "add keys".
  // (fail writes no waiting_for_keys for a job whose tries were cut: the max_attempts term of
  // MAY_GO_BACK_BY_ITSELF only repeats that here.)
  const backForKeys = db.prepare(`UPDATE delivery_jobs SET status = 'pending',
      attempts = max(attempts - 1, 0), waiting_for_keys = NULL, last_error = @lastError,
      updated_at = @at
    WHERE id = @id AND ${MAY_GO_BACK_BY_ITSELF} AND ${SALE_TO_DELIVER}`);
  // A job a worker holds right now keeps its claim: the try in flight ends first.
  const again = db.prepare(`UPDATE delivery_jobs SET status = 'pending', attempts = 0,
      max_attempts = ${MAX_ATTEMPTS}, next_try_at = @nowMs, waiting_for_keys = NULL,
      updated_at = @at WHERE id = @id`);
  // When the next job is due. Held jobs are rare: the soonest pending job (SQLite's min() gives
  // its row's sale_id) is checked alone, and only when its sale is held is every pending job's
  // sale probed (3-4x the plain read with 10,000 jobs pending).
  const DUE = 'max(next_try_at, coalesce(claimed_until + 1, 0))';
  // A job this process is still trying is not due, whatever its claim says (one read as lapsed
  // after a clock step or a slow end would wake the worker every few ms until the try ends).
  const soonest = db.prepare(`SELECT sale_id, min(${DUE}) AS due FROM delivery_jobs
    WHERE status = 'pending' AND ${KINDS} AND ${NOT_RUNNING}`);
  const dueAt = db
    .prepare(
      `SELECT min(${DUE}) FROM delivery_jobs
       WHERE status = 'pending' AND ${KINDS} AND ${NOT_RUNNING} AND ${SALE_TO_DELIVER}`,
    )
    .pluck();
  const saleStatus = db.prepare('SELECT status FROM fulfillments WHERE id = ?').pluck();
  const unfinished = db
    .prepare(`SELECT count(*) FROM delivery_jobs WHERE sale_id = ? AND status <> 'done'`)
    .pluck();
  const ruleNames = db
    .prepare(
      `SELECT rule_name FROM delivery_jobs WHERE sale_id = ? AND done_by = 'rule'
      GROUP BY rule_name ORDER BY min(id)`,
    )
    .pluck();
  const saleDone = db.prepare(`UPDATE fulfillments SET status = 'fulfilled', fulfilled_at = @at,
      note = coalesce(note, @note) WHERE id = @saleId AND status = 'new'`);

  const mustGet = (id: number) => {
    const raw = one.get(id);
    if (raw === undefined) throw jobNotFound(id);
    return jobRecord.parse(raw);
  };
  const ofAccountOrThrow = (accountId: number, id: number): DeliveryJob => {
    const raw = ofAccount.get(accountId, id);
    if (raw === undefined) throw jobNotFound(id);
    return parseJob(raw);
  };

  // The sale counts as delivered once none of its jobs is left to do, in the job's transaction.
  const settleSale = (saleId: number, at: string) => {
    if (Number(unfinished.get(saleId)) > 0) return;
    const names = ruleNames.all(saleId).map(String);
    saleDone.run({ saleId, at, note: fulfilledNote(names) });
  };

  const end = db.transaction((id: number, by: 'rule' | 'merchant') => {
    const at = now();
    const finished = finish.run({ id, by, at }).changes > 0;
    // The job's row as finished; settling its sale writes only the sale's.
    const job = mustGet(id);
    if (finished) settleSale(job.saleId, at);
    return asJob(job);
  });

  const claim = db.transaction(
    (
      nowMs: number,
      holdMs: (kind: RuleActionKind) => number,
      kinds: string,
      running: string,
      repeatOnce: readonly RuleActionKind[],
    ) => {
      const raw = nextDue.get({ nowMs, kinds, running });
      if (raw === undefined) return undefined;
      const found = dueRecord.parse(raw);
      // Positive: that claim's try never wrote its end (negated) nor its success (null).
      const cutOff = found.claimed_until !== null && found.claimed_until > 0;
      const cut = cutOff && repeatOnce.includes(found.run_kind) ? 1 : 0;
      const until = nowMs + holdMs(found.run_kind);
      const job = jobRecord.parse(hold.get({ id: found.id, until, cutOff: cut, at: now() }));
      return { ...job, cutOff };
    },
  );

  // Every product the try found short has as many free keys as the sale misses: its next try
  // takes them (unless another sale is quicker, and then it waits again). Fewer would send it
  // back only to find the pool short again, and again, with no try counted; so would a guessed
  // count, so a product whose count is not given keeps the job waiting for the next add.
  const keysFreeFor = (
    accountId: number,
    waiting: readonly string[],
    missing: ReadonlyMap<string, number>,
  ) =>
    waiting.every((code) => {
      const count = missing.get(code);
      if (count === undefined) return false;
      const wanted = Math.max(1, count);
      return Number(freeKeysUpTo.get(accountId, code, wanted)) >= wanted;
    });

  const failed = db.transaction(
    (
      id: number,
      reason: string,
      nextTryAtMs: number | null,
      claim: number | null,
      outcome: TryOutcome,
    ) => {
      const at = now();
      const waiting = outcome.waitingForKeys ?? [];
      // The job before this try, read once: its account, and what it said, kept if the try is
      // not counted after all (below).
      const before = outcome.keysMissing ? mustGet(id) : null;
      const written =
        fail.run({
          id,
          reason,
          next: nextTryAtMs,
          claim,
          unsure: outcome.mayHaveDelivered ? 1 : 0,
          attention: outcome.attentionReason ?? null,
          waiting: waiting.length > 0 ? JSON.stringify(waiting) : null,
          at,
        }).changes > 0;
      // Keys added while the try ran found no job waiting: checked here, in the end's
      // transaction, so none is missed (an add after this commit finds the job waiting).
      if (written && before && outcome.keysMissing) {
        if (keysFreeFor(before.accountId, waiting, outcome.keysMissing)) {
          backForKeys.run({ id, at, lastError: before.lastError });
        }
      }
      return { job: asJob(mustGet(id)), written };
    },
  );

  const retry = db.transaction((accountId: number, id: number, nowMs: number) => {
    const job = ofAccountOrThrow(accountId, id);
    if (job.status === 'done') {
      throw new ConsoleError(
        'conflict',
        `The job for rule '${job.ruleName}' is already done. Nothing to retry.`,
      );
    }
    // Held with its sale: a retry would wait for an Undo no one was told about.
    if (saleStatus.get(job.saleId) !== 'new') {
      throw new ConsoleError(
        'conflict',
        `Sale ${job.saleId} is marked fulfilled, so its deliveries are held. To deliver it ` +
          `anyway, undo that first (in the sale, or \`checkout-console fulfillment undo ${job.saleId}\`).`,
      );
    }
    again.run({ id, nowMs, at: now() });
    return asJob(mustGet(id));
  });

  // One statement pair per combination of filters, prepared once: a sale's jobs read in rule
  // order (the UNIQUE (sale_id, rule_id) index), the account's newest first.
  const listings = new Map(
    [false, true].flatMap((bySale) =>
      [false, true].map((byStatus) => {
        const where = ['account_id = @accountId'];
        if (bySale) where.push('sale_id = @saleId');
        if (byStatus) where.push('status = @status');
        const sql = where.join(' AND ');
        const page = db.prepare(`SELECT ${COLUMNS},
            status = 'pending' AND NOT ${SALE_TO_DELIVER} AS held
          FROM delivery_jobs WHERE ${sql}
          ORDER BY id ${bySale ? 'ASC' : 'DESC'} LIMIT @limit OFFSET @offset`);
        const count = db.prepare(`SELECT count(*) FROM delivery_jobs WHERE ${sql}`).pluck();
        return [`${bySale}/${byStatus}`, { page, count }] as const;
      }),
    ),
  );

  const list: DeliveryJobsRepo['list'] = (accountId, q) => {
    const listing = listings.get(`${q.saleId !== undefined}/${q.status !== undefined}`);
    if (!listing) throw new Error('no listing for these filters');
    const params = { accountId, saleId: q.saleId, status: q.status };
    const filters = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    const items = listing.page
      .all({ ...filters, limit: q.limit, offset: q.offset })
      .map((raw) => ({ ...parseJob(raw), held: heldRecord.parse(raw).held === 1 }));
    return { items, total: Number(listing.count.get(filters)) };
  };

  const enqueue = (accountId: number, saleId: number, matching: ReadRule[], nowMs: number) => {
    const at = now();
    return matching.flatMap((rule) => {
      const row = insert.get({
        accountId,
        saleId,
        ruleId: rule.id,
        ruleName: rule.name,
        kind: rule.action.kind,
        nowMs,
        at,
      }) as { id: number } | undefined;
      return row ? [row.id] : [];
    });
  };

  return {
    enqueueForSale: (accountId, saleId, productCodes, nowMs) =>
      enqueue(accountId, saleId, rules.enabledFor(accountId, productCodes), nowMs),
    enqueueForAddedProducts(accountId, saleId, addedCodes, nowMs) {
      const forProducts = rules
        .enabledFor(accountId, addedCodes)
        .filter((r) => r.productCode !== null);
      return enqueue(accountId, saleId, forProducts, nowMs);
    },
    list,
    get(accountId, id) {
      const raw = ofAccount.get(accountId, id);
      return raw === undefined ? undefined : parseJob(raw);
    },
    claim: (nowMs, holdMs, kinds, running = [], repeatOnce = []) =>
      claim.immediate(
        nowMs,
        typeof holdMs === 'number' ? () => holdMs : holdMs,
        kindsJson(kinds),
        JSON.stringify(running),
        repeatOnce,
      ),
    succeeded: (id) => end.immediate(id, 'rule'),
    failed: (id, reason, nextTryAtMs) => failed.immediate(id, reason, nextTryAtMs, null, {}).job,
    failedTry: (job, reason, nextTryAtMs, outcome = {}) =>
      failed.immediate(job.id, reason, nextTryAtMs, job.claim ?? null, outcome),
    notStarted: (job) =>
      job.claim === null || job.claim === undefined
        ? false
        : unclaim.run({ id: job.id, claim: job.claim, at: now() }).changes > 0,
    retry: (accountId, id, nowMs) => retry.immediate(accountId, id, nowMs),
    markDone(accountId, id) {
      ofAccountOrThrow(accountId, id);
      return end.immediate(id, 'merchant');
    },
    nextDueAt(kinds, running = []) {
      const params = { kinds: kindsJson(kinds), running: JSON.stringify(running) };
      const first = soonestRow.parse(soonest.get(params));
      if (first.due === null) return undefined;
      if (saleStatus.get(first.sale_id) === 'new') return first.due;
      const at = dueAt.get(params);
      return typeof at === 'number' ? at : undefined;
    },
  };
}

/** A job a keys' add sent back to the queue. */
export interface RequeuedJob {
  id: number;
  saleId: number;
}

const requeuedRecord = z
  .object({ id: z.number().int(), sale_id: z.number().int() })
  .transform((r): RequeuedJob => ({ id: r.id, saleId: r.sale_id }));

/** The rows a send-back returned, oldest job first. */
const requeuedJobs = (rows: unknown[]): RequeuedJob[] =>
  rows.map((r) => requeuedRecord.parse(r)).sort((a, b) => a.id - b.id);

// A job waiting for keys going back to the queue, due now: the try that stopped for want of keys
// ran no action, so it is not counted.
const SENT_BACK = `status = 'pending', attempts = max(attempts - 1, 0), next_try_at = @nowMs,
  waiting_for_keys = NULL, updated_at = @at`;

/**
 * The statement that sends back to the queue, due now, the account's jobs waiting for keys of a
 * product (schema 19's waiting_for_keys), for licence-keys.ts's add to run in its transaction.
 * Only jobs needing attention for that reason match: one the merchant marked done, or retried,
 * or stopped for anything else, has no waiting_for_keys; one whose tries were cut to a
 * repeat-once (an older console may have left it waiting), or whose sale was marked fulfilled
 * by hand, stays with the merchant. The try that stopped for want of keys
 * ran no action, so it is not counted: the job gets back the tries it had before it.
 * A job waiting for several products goes back when any of them gets keys; its next try takes
 * keys only when every product has enough (LicenceKeysRepo.takeAllForSale), so a try that finds
 * another still short strands none and waits again.
 */
export function prepareKeyWaitRequeue(
  db: Database,
  now: () => string = systemNow,
): (accountId: number, productCode: string, nowMs: number) => RequeuedJob[] {
  // A value that is not JSON (written by hand, or by a console that got it wrong) waits for
  // nothing: the CASE never lets json_each read it, which would fail the whole add.
  const requeue = db.prepare(`UPDATE delivery_jobs SET ${SENT_BACK}
    WHERE account_id = @accountId AND ${MAY_GO_BACK_BY_ITSELF}
      AND CASE WHEN json_valid(waiting_for_keys)
        THEN EXISTS (SELECT 1 FROM json_each(waiting_for_keys) WHERE value = @productCode)
        ELSE 0 END
      AND ${SALE_TO_DELIVER}
    RETURNING id, sale_id`);
  return (accountId, productCode, nowMs) =>
    requeuedJobs(requeue.all({ accountId, productCode, nowMs, at: now() }));
}

/**
 * The statement that sends back to the queue, due now, a sale's jobs that began waiting for keys
 * while it was marked fulfilled by hand, or before: run by the fulfillments repo's undo in its
 * transaction, since keys added while the sale was held sent none of them back. Only a job
 * whose every product has a free key goes back (its try takes them, unless another sale is
 * quicker and it waits again); one still short of a product waits for that product's next add.
 */
export function prepareUndoRequeue(
  db: Database,
  now: () => string = systemNow,
): (saleId: number, nowMs: number) => RequeuedJob[] {
  const requeue = db.prepare(`UPDATE delivery_jobs SET ${SENT_BACK}
    WHERE sale_id = @saleId AND ${MAY_GO_BACK_BY_ITSELF}
      AND CASE WHEN json_valid(waiting_for_keys) AND json_array_length(waiting_for_keys) > 0
        THEN NOT EXISTS (SELECT 1 FROM json_each(waiting_for_keys) w
          WHERE NOT EXISTS (SELECT 1 FROM licence_keys k
            WHERE k.account_id = delivery_jobs.account_id AND k.product_code = w.value
              AND k.sale_id IS NULL AND k.taken_at IS NULL))
        ELSE 0 END
    RETURNING id, sale_id`);
  return (saleId, nowMs) => requeuedJobs(requeue.all({ saleId, nowMs, at: now() }));
}

type TryOutcome = NonNullable<Parameters<DeliveryJobsRepo['failedTry']>[3]>;

const kindsJson = (kinds: readonly RuleActionKind[]) => JSON.stringify(kinds);

/** The sale's note once every job is done: which rules delivered it, or that a person did. */
export function fulfilledNote(ruleNames: string[]): string {
  if (ruleNames.length === 0) return 'Marked delivered by hand';
  const quoted = ruleNames.map((n) => `'${n}'`);
  if (quoted.length === 1) return `Fulfilled by rule ${quoted[0]}`;
  return `Fulfilled by rules ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

// The shapes the delivery pieces agree on: the store's repos (main/store implements them), what
// an action is handed and how it reports, and the sale as a merchant's endpoint or command reads
// it (documented in the README; change it only by adding fields).
import type {
  DeliveryJob,
  DeliveryRule,
  JobStatus,
  LicenceKey,
  LicenceKeyPool,
  ListedJob,
  RuleAction,
  RuleActionKind,
  SaleLicenceKey,
} from '../../preload/contract-delivery';
import type { Fulfillment } from '../../preload/contract-live';

// ---------- store ----------

export interface NewRule {
  name: string;
  productCode: string | null;
  action: RuleAction;
  enabled: boolean;
  useLicenceKeys: boolean;
}

export interface DeliveryRulesRepo {
  list(accountId: number): Omit<DeliveryRule, 'hasSecret'>[];
  get(accountId: number, id: number): Omit<DeliveryRule, 'hasSecret'> | undefined;
  add(accountId: number, rule: NewRule): Omit<DeliveryRule, 'hasSecret'>;
  edit(accountId: number, id: number, patch: Partial<NewRule>): Omit<DeliveryRule, 'hasSecret'>;
  remove(accountId: number, id: number): boolean;
}

/** A job claimed for one try: the job as it is now plus what the worker needs to run it. */
export interface ClaimedJob extends DeliveryJob {
  accountId: number;
  /** The claim this try holds (ms since the epoch it lasts to); a later claim's is greater. */
  claim: number | null;
  /**
   * The job's previous try never ended: its claim lapsed (the process died mid-try, or its end
   * could not be written), so that try may have delivered. Absent: false (an action's test run).
   */
  cutOff?: boolean;
  /**
   * An earlier try of this job may have delivered (cut off, or ended without the mail server or
   * command confirming): the tries left were cut to one, and a failure needs the merchant.
   * Absent: false.
   */
  mayHaveDelivered?: boolean;
}

/**
 * Kinds whose repeat the far end cannot recognise: after a try whose outcome is unknown (cut
 * off, or a failure the action marks `mayHaveDelivered`) they are run at most once more. A
 * forward is not among them: its receiver drops a repeat by the Idempotency-Key.
 */
export const REPEAT_ONCE_KINDS: readonly RuleActionKind[] = ['email', 'command'];

/**
 * A try that found licence key pools short (and took nothing): the products and how many keys
 * of each the sale still misses, given together so a job never waits for keys without the
 * counts that say when enough were added.
 */
export interface KeysWanted {
  /**
   * The short products: a job ending needing attention waits for their keys, and adding some
   * sends it back to the queue. Only an end with no attention reason, of a job whose tries were
   * never cut (no try may have delivered), waits: any other needs the merchant's Retry.
   */
  waitingForKeys: readonly string[];
  /**
   * How many keys of each of those products the sale still misses. When the pools hold that
   * many free by the time the end is written (keys added during the try), the job goes back to
   * the queue at once instead of waiting. A product missing here never sends it back at the
   * end: only keys added later do (a guessed count could send it back and forth, no try counted).
   */
  keysMissing: ReadonlyMap<string, number>;
}

/** What else a claimed try's failure says (DeliveryJobsRepo.failedTry). */
export type TryOutcome = {
  /** The try may have delivered: its job gets at most one more try. */
  mayHaveDelivered?: boolean;
  /** The last error instead of the reason when the job ends needing attention. */
  attentionReason?: string;
} & (KeysWanted | { waitingForKeys?: undefined; keysMissing?: undefined });

export interface DeliveryJobsRepo {
  /**
   * Writes one pending job per enabled rule of the account matching the sale's products (a rule
   * without a product code matches every sale). Runs inside the caller's transaction (the one
   * that recorded the sale); a sale that already has a rule's job keeps it. Returns the new ids.
   */
  enqueueForSale(
    accountId: number,
    saleId: number,
    productCodes: string[],
    nowMs: number,
  ): number[];
  /**
   * A later report named `addedCodes` the sale did not have: one pending job per enabled rule
   * for one of those products (rules for every sale already had their chance when it was
   * recorded). In the caller's transaction; returns the new ids.
   */
  enqueueForAddedProducts(
    accountId: number,
    saleId: number,
    addedCodes: string[],
    nowMs: number,
  ): number[];
  list(
    accountId: number,
    q: { saleId?: number; status?: JobStatus; limit: number; offset: number },
  ): { items: ListedJob[]; total: number };
  get(accountId: number, id: number): DeliveryJob | undefined;
  /**
   * The oldest due pending job of `kinds` nobody holds, held until `nowMs + holdMs`, its attempt
   * counted; undefined when none. One IMMEDIATE transaction, so two workers (the app and
   * `listen` on one data folder) never take the same job. `running`: ids whose try this worker
   * still runs, never claimed again whatever the clock says. `holdMs` may depend on the kind
   * the job's rule runs now (the job's own `kind`, which `kinds` filters on, once its rule is
   * removed): the worker runs the rule as it is. A job whose previous claim never ended comes
   * back `cutOff`; of a `repeatOnce` kind (the worker's REPEAT_ONCE_KINDS, by that same kind),
   * with its tries left cut to this one (attempts > maxAttempts: none were left).
   */
  claim(
    nowMs: number,
    holdMs: number | ((kind: RuleActionKind) => number),
    kinds: readonly RuleActionKind[],
    running?: readonly number[],
    repeatOnce?: readonly RuleActionKind[],
  ): ClaimedJob | undefined;
  /** The action succeeded: done by the rule. Marks the sale fulfilled once all its jobs are done. */
  succeeded(id: number): DeliveryJob;
  /**
   * The try failed: pending again at `nextTryAtMs`, or needs_attention when attempts ran out or
   * `nextTryAtMs` is null (retrying cannot help).
   */
  failed(id: number, reason: string, nextTryAtMs: number | null): DeliveryJob;
  /**
   * A claimed try failed: as `failed`, written only while `job`'s claim is still the job's latest
   * and the job is not done; `written` says whether it was. A failure that `mayHaveDelivered`
   * leaves the job at most one more try.
   */
  failedTry(
    job: Pick<ClaimedJob, 'id' | 'claim'>,
    reason: string,
    nextTryAtMs: number | null,
    outcome?: TryOutcome,
  ): { job: DeliveryJob; written: boolean };
  /**
   * A claimed try that never began: its claim released, the try not counted. False when the
   * claim is no longer the job's latest (nothing written).
   */
  notStarted(job: Pick<ClaimedJob, 'id' | 'claim'>): boolean;
  /** Merchant: try again now (resets the attempt budget of a job that needs attention, all 8). */
  retry(accountId: number, id: number, nowMs: number): DeliveryJob;
  /** Merchant: delivered by hand. */
  markDone(accountId: number, id: number): DeliveryJob;
  /**
   * When the next pending job is due (ms), for the worker's sleep; undefined when none. Jobs in
   * `running` (tries this process has under way) are left out.
   */
  nextDueAt(kinds: readonly RuleActionKind[], running?: readonly number[]): number | undefined;
}

export interface LicenceKeysRepo {
  /**
   * Adds keys to a product's pool; blanks and keys already there are skipped. In the same
   * transaction, when any key was added, the jobs waiting for that product's keys go back to the
   * queue, due now (`requeued`, oldest first): the caller wakes the worker and says so.
   */
  add(
    accountId: number,
    productCode: string,
    keys: string[],
  ): { added: number; skipped: number; requeued: Array<{ id: number; saleId: number }> };
  pools(accountId: number, lowBelow: number): LicenceKeyPool[];
  /**
   * Makes sure the sale holds `count` keys of `productCode`, taking the missing ones from the
   * pool in one IMMEDIATE transaction (a retry takes none again). Returns the sale's keys of that
   * product, or `short` when the pool ran out (the keys it did take stay with the sale).
   */
  takeForSale(
    accountId: number,
    saleId: number,
    productCode: string,
    count: number,
  ): { keys: string[]; short: number };
  /**
   * Makes sure the sale holds the keys of every product in `needs` (code → count), in one
   * IMMEDIATE transaction: all that are missing are taken, or, when any product's pool has too
   * few free keys, none (`short` names those products), so a sale waiting for one product holds
   * no other product's keys back from other sales. The keys it held before stay with it.
   */
  takeAllForSale(
    accountId: number,
    saleId: number,
    needs: ReadonlyMap<string, number>,
  ): { keys: LicenceKey[]; short: string[] };
  forSale(accountId: number, saleId: number): SaleLicenceKey[];
}

// ---------- actions ----------

/**
 * The sale as a forward endpoint receives it (JSON body) and a command reads it (stdin).
 * Documented in the README under "Automatic delivery".
 */
export interface DeliveryPayload {
  /** Always 'sale.delivery' for now; a receiver should ignore types it does not know. */
  type: 'sale.delivery';
  idempotencyKey: string;
  rule: { id: number; name: string };
  sale: Pick<
    Fulfillment,
    | 'id'
    | 'sessionId'
    | 'permalink'
    | 'customerEmail'
    | 'customerName'
    | 'products'
    | 'amount'
    | 'currency'
    | 'transactionId'
    | 'receivedAt'
  >;
  licenceKeys: LicenceKey[];
  /** When the payload was built (ISO); a retry builds it again. */
  sentAt: string;
}

/** What an action is given for one try. */
export interface ActionRun {
  job: ClaimedJob;
  rule: DeliveryRule;
  payload: DeliveryPayload;
  /** Aborted when the worker stops (Ctrl+C, quit) or the try's time limit passes. */
  signal: AbortSignal;
}

/**
 * Runs one try. Resolves when the product was delivered; throws a `DeliveryFailure` (or any
 * error, read as retryable) with a reason a merchant can act on ("the mail server refused the
 * login for user shop@…"); the worker retries with backoff.
 */
export type Action = (run: ActionRun) => Promise<void>;

export class DeliveryFailure extends Error {
  /** False when retrying cannot help (no SMTP settings, no secret): needs attention at once. */
  readonly retryable: boolean;
  /**
   * The far end may have taken the delivery without confirming it (the mail server had the whole
   * email and never answered): of a REPEAT_ONCE_KINDS kind, the job is tried at most once more.
   */
  readonly mayHaveDelivered: boolean;
  constructor(
    message: string,
    options: { retryable?: boolean; mayHaveDelivered?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryFailure';
    this.retryable = options.retryable ?? true;
    this.mayHaveDelivered = options.mayHaveDelivered ?? false;
  }
}

/** Keychain entry names: one place, so a secret is never looked up under two names. */
export const secretNames = {
  smtpPassword: (accountId: number) => `smtp-password:${accountId}`,
  forwardSecret: (accountId: number, ruleId: number) => `forward-secret:${accountId}:${ruleId}`,
} as const;

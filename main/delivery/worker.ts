// The outbox's worker: claims due delivery jobs, runs each rule's action with a time limit, and
// records the outcome with backoff. Exactly once as far as we can make it: a job is claimed and
// its attempt counted in one transaction, ended in another; a try cut short (a crash, SIGKILL,
// a quit) leaves its claim to lapse and runs again with the SAME idempotency key, so the one
// window left (the endpoint accepted, we died before our commit) is a redelivery the receiver
// can drop by that key. A job whose try this worker still runs is never claimed again, even when
// a clock step makes its claim read as lapsed, and a failed try's end is written only while its
// claim is the job's latest; a success is always written (see job-endings.ts for a busy store).
// No action runs before its claim is on disk (and with it the sale and job, committed before it
// without waiting for the disk): a job a power cut could still lose would be made again from
// the event with a new key, and its product sent twice.
// A try whose outcome is unknown (its claim never ended, or the action says the far end may have
// taken it without confirming) may have delivered: an email or a command, which cannot recognise
// a repeat, is run at most once more, and then needs the merchant with what to check (the
// store keeps the count: claim and failedTry); Activity says so either way.
import type { DeliveryRule, JobStatus, RuleActionKind } from '../../preload/contract-delivery';
import type { Events } from '../../preload/contract';
import type { Fulfillment } from '../../preload/contract-live';
import type { FulfillmentsRepo } from '../store';
import { RETRY_DELAYS_MS, retryDelayMs } from './backoff';
import { createJobEndings, type Ending, type EndingStore } from './job-endings';
import {
  buildPayload,
  keysNeeded,
  NoKeysLeft,
  productLabel,
  takeLicenceKeys,
  type ShortProduct,
} from './payload';
import { TryNotStarted, withinLimit } from './try-limit';
import {
  CUT_OFF_AGAIN,
  cutOffLine,
  unsureAttentionReason,
  unsureHeldLine,
  unsureInterruptedLine,
  unsureRetryLine,
} from './unsure-words';
import {
  DeliveryFailure,
  REPEAT_ONCE_KINDS,
  type Action,
  type ClaimedJob,
  type DeliveryJobsRepo,
  type DeliveryRulesRepo,
  type KeysWanted,
  type LicenceKeysRepo,
  type TryOutcome,
} from './types';
import {
  attentionLine,
  deliveredLine,
  heldLine,
  interruptedLine,
  keysAddedMeanwhileLine,
  retryLine,
  type TryWords,
} from './worker-words';

/** The contract's events the worker sends. */
export type WorkerEvents = Pick<
  Events,
  'jobs.changed' | 'keys.low' | 'fulfillments.changed' | 'activity.changed'
>;
// Payloads typed as Events[E] (not WorkerEvents[E]) so the console's Emit is one, with no cast.
export type WorkerEmit = <E extends keyof WorkerEvents>(name: E, payload: Events[E]) => void;

export interface WorkerStore extends EndingStore {
  deliveryJobs: DeliveryJobsRepo;
  deliveryRules: Pick<DeliveryRulesRepo, 'get'>;
  licenceKeys: Pick<LicenceKeysRepo, 'takeAllForSale' | 'pools'>;
  fulfillments: Pick<FulfillmentsRepo, 'get'>;
  derivedTransaction<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T;
  /** The off-thread WAL fsync the receiver answers by; it fails for good once one fails. */
  syncToDisk(): Promise<void>;
}

export interface WorkerLimits {
  /** Tries running at once. */
  concurrency: number;
  /** A forward try is aborted after this long (the forward action's own bound is shorter). */
  tryMs: number;
  /**
   * An email try is aborted after this long: above the email action's timeouts together, twice
   * (email.ts's DEFAULT_SMTP_TIMEOUTS), so a mail server slow to confirm an email it has taken is
   * waited for, and its silence ends the try in the action, which knows what went out.
   */
  emailTryMs: number;
  /**
   * How much longer than a try a claim lasts: after a crash, the job waits this long past its
   * time limit before another worker takes it.
   */
  claimMarginMs: number;
  /** Longest sleep: jobs another process writes (the CLI's `job retry`) are seen this soon. */
  idleMs: number;
  /** Waits after the 1st, 2nd, … failure (backoff.ts). */
  retryDelaysMs: readonly number[];
  /** How long stop() waits for tries to end once aborted. */
  stopGraceMs: number;
}

export const DEFAULT_LIMITS: WorkerLimits = {
  // Each try waits on the network and then on its commit: 8 at once keep the disk and the
  // network both busy (issue 16: 10,000 emails drained at 127-170/s against 60-79/s at 4, on
  // a loaded 2-core machine). The email action still opens at most 4 mail server connections.
  concurrency: 8,
  tryMs: 30_000,
  emailTryMs: 180_000,
  claimMarginMs: 15_000,
  idleMs: 5_000,
  retryDelaysMs: RETRY_DELAYS_MS,
  stopGraceMs: 5_000,
};

/** Longest command time limit a rule may set (contract-delivery's commandActionInput). */
const COMMAND_MAX_MS = 600_000;
/** A command's own time limit ends it; the worker's bound comes this much after. */
const COMMAND_GRACE_MS = 5_000;
const MIN_SLEEP_MS = 20;

export interface DeliveryWorkerDeps {
  store: WorkerStore;
  /** Only jobs of these kinds are claimed: the app runs email and forward, `listen` commands too. */
  actions: Partial<Record<RuleActionKind, Action>>;
  emit: WorkerEmit;
  /** Whether the keychain holds a forward rule's signing secret (false when left out). */
  hasSecret?: (accountId: number, ruleId: number) => Promise<boolean>;
  /** ms since the epoch. */
  now?: () => number;
  random?: () => number;
  limits?: Partial<WorkerLimits>;
  /** Where a fault of the worker itself goes (a locked database): it keeps running. */
  log?: (message: string) => void;
}

export interface DeliveryWorker {
  start(): void;
  /** A sale was recorded or a job retried: look for due jobs now instead of at the next tick. */
  wake(): void;
  /** Aborts tries in flight, waits for them (bounded) and stops claiming. */
  stop(): Promise<void>;
}

/** Why a try ended without delivering, whether trying again can help, and whether it may have. */
interface Failure {
  reason: string;
  retryable: boolean;
  mayHaveDelivered: boolean;
  /** The licence keys the try found short (KeysShort): the job waits for them. */
  keys?: KeysWanted & {
    /** The short products in the merchant's words: "Ebook Pro (prod_7), course". */
    products: string;
    /** The reason in the words for a job only the merchant's Retry sends back. */
    untilRetry: string;
  };
}

/**
 * A pool too short for the sale, with how many keys of each short product it misses: the
 * store sends the job back at once when that many were added while the try ran.
 */
class KeysShort extends NoKeysLeft {
  /**
   * What a job that needs the merchant for another reason too (an earlier try may have
   * delivered) says: adding keys does not send it back, the merchant checks, then Retries.
   */
  readonly untilRetry: string;
  /** The short products in the merchant's words. */
  readonly products: string;
  constructor(
    short: readonly ShortProduct[],
    readonly missing: ReadonlyMap<string, number>,
  ) {
    super(short);
    this.products = short.map(productLabel).join(', ');
    this.untilRetry = `No licence key left for ${this.products}: add keys`;
  }
}

export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const now = deps.now ?? Date.now;
  const { store, emit } = deps;
  const kinds = (Object.keys(deps.actions) as RuleActionKind[]).filter((k) => deps.actions[k]);
  // Each job held only as long as a try of its kind can last: a crash during forwards should not
  // hold them for an email's three minutes or a command's ten. Commands are claimed after the
  // others.
  const holdMs = (kind: RuleActionKind) =>
    (kind === 'command'
      ? COMMAND_MAX_MS + COMMAND_GRACE_MS
      : kind === 'email'
        ? limits.emailTryMs
        : limits.tryMs) + limits.claimMarginMs;
  const groups = [
    { kinds: kinds.filter((k) => k !== 'command') },
    { kinds: kinds.filter((k) => k === 'command') },
  ].filter((g) => g.kinds.length > 0);

  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  // Ids of the jobs those tries run, until their end is committed.
  const running = new Set<number>();
  let looping: Promise<void> | undefined;
  let nudge: (() => void) | undefined;
  // A failed sync fails every later one (repos.ts): nothing more is claimed; claims taken lapse.
  let diskFailed = false;

  const wake = () => nudge?.();

  // One commit for the free slots' claims, and one that does not wait for the disk: the tries
  // wait for the sync that follows it (onDisk) instead, off the event loop.
  // A job whose previous try was cut off says so in Activity with its claim (a spent one says so
  // when it needs the merchant, in runOnce).
  const claimBatch = store.derivedTransaction((room: number): ClaimedJob[] => {
    const jobs: ClaimedJob[] = [];
    while (jobs.length < room && !stopping.signal.aborted) {
      const job = claimNext();
      if (!job) break;
      jobs.push(job);
      if (job.cutOff && !spent(job)) {
        // The rule's kind now (words.kind), which the claim's cut followed too.
        const words = wordsFor(job);
        const line = cutOffLine(words, REPEAT_ONCE_KINDS.includes(words.kind));
        const detail = {
          saleId: job.saleId,
          jobId: job.id,
          ruleId: job.ruleId,
          attempt: job.attempts,
        };
        store.activity.add(job.accountId, 'delivery_retry', line, detail);
      }
    }
    return jobs;
  });

  function claimNext(): ClaimedJob | undefined {
    for (const g of groups) {
      const job = store.deliveryJobs.claim(now(), holdMs, g.kinds, [...running], REPEAT_ONCE_KINDS);
      if (job) return job;
    }
    return undefined;
  }

  /** Cut off after its one repeat: no try is left to run (the store's claim says so). */
  const spent = (job: ClaimedJob) => job.attempts > job.maxAttempts;

  function wordsFor(
    job: ClaimedJob,
    sale = store.fulfillments.get(job.accountId, job.saleId),
    stored = store.deliveryRules.get(job.accountId, job.ruleId),
  ): TryWords {
    return {
      kind: stored?.action.kind ?? job.kind,
      ruleName: stored?.name ?? job.ruleName,
      action: stored?.action ?? null,
      sale: sale ?? null,
    };
  }

  function changed(job: { id: number; saleId: number; status: JobStatus }) {
    emit('jobs.changed', { saleId: job.saleId, jobId: job.id, status: job.status });
  }

  const endings = createJobEndings(store, (ended) => {
    for (const job of ended) changed(job);
    emit('activity.changed', {});
  });
  const record = (job: ClaimedJob, end: Ending['end'], line: Ending['line']) =>
    endings.record({ job, end, line });

  // Resolves true once the claims are on disk; false (logged, claims left to lapse) otherwise.
  async function onDisk(): Promise<boolean> {
    try {
      await store.syncToDisk();
      return true;
    } catch (e) {
      if (!diskFailed) deps.log?.(`delivery worker stopped: ${messageOf(e)}`);
      diskFailed = true;
      wake();
      return false;
    }
  }

  async function runOnce(job: ClaimedJob, synced: Promise<boolean>): Promise<void> {
    // Claimed but not run (the disk failed, or the worker stopped while the claim was synced):
    // released uncounted, so the next start does not take it for a try cut off mid-way.
    if (!(await synced) || stopping.signal.aborted) return notStarted(job);
    changed(job);
    if (job.cutOff && !spent(job)) emit('activity.changed', {});
    const sale = store.fulfillments.get(job.accountId, job.saleId);
    const stored = store.deliveryRules.get(job.accountId, job.ruleId);
    const words = wordsFor(job, sale, stored);
    let failure: Failure | undefined;
    try {
      if (spent(job)) throw new DeliveryFailure(CUT_OFF_AGAIN, { retryable: false });
      const rule = await ruleToRun(job, stored);
      if (!sale)
        throw new DeliveryFailure('The sale is no longer in the ledger', { retryable: false });
      stillMatches(rule, sale);
      await deliver(job, rule, sale);
    } catch (e) {
      if (e instanceof TryNotStarted) return notStarted(job);
      failure = failureOf(e);
      if (stopping.signal.aborted) return await interrupted(job, words, failure);
    }
    if (!store.isOpen()) return;
    if (!failure) return await delivered(job, words, sale);
    const waitMs = retryDelayMs(job.attempts, limits.retryDelaysMs, deps.random);
    const next = failure.retryable ? now() + waitMs : null;
    const { reason } = failure;
    const { keys } = failure;
    const outcome: TryOutcome = keys
      ? {
          ...unsure(job, words, failure),
          waitingForKeys: keys.waitingForKeys,
          keysMissing: keys.keysMissing,
        }
      : unsure(job, words, failure);
    // What a failed try that leaves its job pending says, read in the end's transaction.
    const pendingLine = () => {
      // Marked fulfilled during the try: the claim skips the job until Undo.
      if (heldByHand(job)) return heldWords(words, failure, reason);
      // Not retryable, yet pending: the keys it lacked were added during the try.
      if (next === null && keys) return keysAddedMeanwhileLine(words, keys.products);
      return outcome.mayHaveDelivered
        ? unsureRetryLine(words, reason, waitMs)
        : retryLine(words, reason, waitMs);
    };
    await record(
      job,
      () => failedTry(job, reason, next, outcome),
      (after) =>
        after.status === 'needs_attention'
          ? ['delivery_attention', attentionLine(words, after.lastError ?? reason)]
          : ['delivery_retry', pendingLine()],
    );
  }

  const heldByHand = (job: ClaimedJob) =>
    store.fulfillments.get(job.accountId, job.saleId)?.status === 'fulfilled';
  // A held try that may have gone out says so: Undo would send it once more.
  const heldWords = (words: TryWords, failure: Failure, reason: string) =>
    failure.mayHaveDelivered ? unsureHeldLine(words, reason) : heldLine(words, reason);

  /**
   * How an unknown outcome shapes the failure's end: this try's (of a kind that cannot recognise
   * a repeat) leaves one more try; this one's or an earlier one's gives the merchant, if the job
   * needs them now, what to check.
   */
  function unsure(job: ClaimedJob, words: TryWords, failure: Failure) {
    const thisTry = failure.mayHaveDelivered && REPEAT_ONCE_KINDS.includes(words.kind);
    // The reason itself says it may have gone out (a spent job's says its tries were cut off).
    const said = failure.mayHaveDelivered || spent(job);
    const earlier = job.cutOff === true || job.mayHaveDelivered === true;
    const reason = failure.keys?.untilRetry ?? failure.reason;
    const attentionReason =
      said || earlier ? unsureAttentionReason(words, reason, said) : undefined;
    return { mayHaveDelivered: thisTry, attentionReason };
  }

  // Written only while this try's claim is the job's latest and the job is not done: otherwise
  // nothing is written and no line says "trying again" (the merchant marked it done, or another
  // try took the lapsed claim and its end decides).
  function failedTry(job: ClaimedJob, reason: string, next: number | null, outcome?: TryOutcome) {
    const { job: after, written } = store.deliveryJobs.failedTry(job, reason, next, outcome);
    return written ? after : null;
  }

  async function ruleToRun(
    job: ClaimedJob,
    stored: Omit<DeliveryRule, 'hasSecret'> | undefined,
  ): Promise<DeliveryRule> {
    if (!stored) {
      // A rule added again is another rule (another id): this job cannot run it.
      throw new DeliveryFailure(
        `The rule '${job.ruleName}' was removed; mark this done once you have delivered it by hand`,
        { retryable: false },
      );
    }
    if (!stored.enabled) {
      throw new DeliveryFailure(`The rule '${stored.name}' is turned off; turn it on, then Retry`, {
        retryable: false,
      });
    }
    if (!deps.actions[stored.action.kind]) {
      // Edited into a command after its job was written, while only `listen` runs commands.
      throw new DeliveryFailure(
        `The rule '${stored.name}' now runs a command, which only \`checkout-console listen\` runs; Retry there`,
        { retryable: false },
      );
    }
    // Only a forward rule has a secret: no keychain call for every email or command.
    const hasSecret =
      stored.action.kind === 'forward' &&
      ((await deps.hasSecret?.(job.accountId, stored.id)) ?? false);
    return { ...stored, hasSecret };
  }

  // A rule edited to another product after the job was written no longer applies to the sale:
  // its new action (another product's email, another endpoint) must not reach this customer.
  function stillMatches(rule: DeliveryRule, sale: Fulfillment): void {
    const code = rule.productCode;
    if (code === null || sale.products.some((p) => p.code === code)) return;
    throw new DeliveryFailure(
      `The rule '${rule.name}' now delivers only ${code}, which this sale does not include; mark this done if it needs nothing more`,
      { retryable: false },
    );
  }

  async function deliver(job: ClaimedJob, rule: DeliveryRule, sale: Fulfillment): Promise<void> {
    let keys: ReturnType<typeof takeLicenceKeys>['keys'] = [];
    if (rule.useLicenceKeys) {
      const taken = takeLicenceKeys(store.licenceKeys, job.accountId, sale, rule);
      for (const low of taken.low) emit('keys.low', low);
      if (taken.short.length > 0) throw keysShort(sale, rule, taken);
      keys = taken.keys;
    }
    const payload = buildPayload(job, rule, sale, keys, new Date(now()));
    const action = deps.actions[rule.action.kind];
    if (!action) throw new DeliveryFailure('No action runs this rule', { retryable: false });
    const limitMs =
      rule.action.kind === 'command'
        ? rule.action.timeoutSeconds * 1000 + COMMAND_GRACE_MS
        : rule.action.kind === 'email'
          ? limits.emailTryMs
          : limits.tryMs;
    // The limit's own failure ("it did not finish within …") would hide that the action's ended
    // with the delivery maybe made: that one is kept.
    let actionFailure: unknown;
    try {
      await withinLimit(limitMs, stopping.signal, (signal) =>
        action({ job, rule, payload, signal }).catch((e: unknown) => {
          actionFailure = e;
          throw e;
        }),
      );
    } catch (e) {
      if (actionFailure instanceof DeliveryFailure && actionFailure.mayHaveDelivered)
        throw actionFailure;
      // A command given up on before it ended (the worker stopped waiting for it) may still be
      // doing its work: like one stopped, it runs at most once more.
      if (
        rule.action.kind === 'command' &&
        actionFailure === undefined &&
        !(e instanceof TryNotStarted)
      )
        throw new DeliveryFailure(
          `${messageOf(e)}; the command had not ended and may have done part of its work`,
          { mayHaveDelivered: true, cause: e },
        );
      throw e;
    }
  }

  async function delivered(job: ClaimedJob, words: TryWords, before: Fulfillment | undefined) {
    const after = await record(
      job,
      () => store.deliveryJobs.succeeded(job.id),
      () => ['delivery_done', deliveredLine(words)],
    );
    if (!after || !store.isOpen()) return;
    const sale = store.fulfillments.get(job.accountId, job.saleId);
    if (before?.status === 'new' && sale?.status === 'fulfilled') {
      emit('fulfillments.changed', { ids: [job.saleId] });
    }
  }

  function notStarted(job: ClaimedJob): void {
    if (!store.isOpen()) return;
    try {
      store.deliveryJobs.notStarted(job);
    } catch (e) {
      // The disk that failed the sync may fail this too: the claim then lapses, read as cut off.
      deps.log?.(`delivery job ${job.id}: ${messageOf(e)}`);
    }
  }

  async function interrupted(job: ClaimedJob, words: TryWords, failure: Failure) {
    if (!store.isOpen()) return;
    // Released now rather than left to lapse: the other console on this folder, or the next
    // start, takes it at once, with the same idempotency key. A stop that used up the job's last
    // try (a cut-off email's one repeat, an eighth try) leaves it needing the merchant: a command
    // stopped may have done part of its work, and an earlier try cut off by a crash may have
    // delivered, which its last error then says, with what to check.
    const reason = failure.mayHaveDelivered
      ? failure.reason
      : 'Checkout Console stopped during the try';
    const outcome = unsure(job, words, { ...failure, reason });
    await record(
      job,
      () => failedTry(job, reason, now(), outcome),
      (after) =>
        after.status === 'needs_attention'
          ? ['delivery_attention', attentionLine(words, after.lastError ?? reason)]
          : [
              'delivery_retry',
              heldByHand(job)
                ? heldWords(words, failure, reason)
                : failure.mayHaveDelivered
                  ? unsureInterruptedLine(words, reason)
                  : interruptedLine(words),
            ],
    );
  }

  function track(job: ClaimedJob, synced: Promise<boolean>) {
    running.add(job.id);
    const run = runOnce(job, synced)
      .catch((e: unknown) => deps.log?.(`delivery job ${job.id}: ${messageOf(e)}`))
      .finally(() => {
        inFlight.delete(run);
        running.delete(job.id);
        wake();
      });
    inFlight.add(run);
  }

  async function loop(): Promise<void> {
    while (!stopping.signal.aborted && store.isOpen() && !diskFailed) {
      let sleepMs = limits.idleMs;
      try {
        const claimed = claimBatch(limits.concurrency - inFlight.size);
        const synced = claimed.length > 0 ? onDisk() : Promise.resolve(true);
        for (const job of claimed) track(job, synced);
        if (inFlight.size < limits.concurrency) {
          const busy = [...running];
          const due = Math.min(
            ...groups.map((g) => store.deliveryJobs.nextDueAt(g.kinds, busy) ?? Infinity),
          );
          // A job due now that could not be claimed (a clock step, another worker's claim
          // ending this very ms) is looked at again shortly, never in a tight loop.
          const floor = claimed.length > 0 ? 0 : MIN_SLEEP_MS;
          sleepMs = Math.max(floor, Math.min(limits.idleMs, due - now()));
        }
      } catch (e) {
        // A busy or locked database: try again after a pause, never spin.
        deps.log?.(`delivery worker: ${messageOf(e)}`);
      }
      await sleep(sleepMs);
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        nudge = undefined;
        stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      nudge = done;
      stopping.signal.addEventListener('abort', done, { once: true });
    });
  }

  return {
    start() {
      if (looping || kinds.length === 0) return;
      looping = loop();
    },
    wake,
    async stop() {
      stopping.abort(new DeliveryFailure('Checkout Console stopped during the try'));
      const grace = new Promise<void>((r) => setTimeout(r, limits.stopGraceMs).unref());
      await Promise.race([Promise.allSettled([...inFlight, looping]), grace]);
    },
  };
}

/** The short products, and how many keys of each the sale needs beyond those it holds. */
function keysShort(
  sale: Fulfillment,
  rule: DeliveryRule,
  taken: ReturnType<typeof takeLicenceKeys>,
): KeysShort {
  const needs = keysNeeded(sale, rule);
  const missing = new Map(
    taken.short.map(({ productCode }) => {
      const held = taken.keys.filter((k) => k.productCode === productCode).length;
      return [productCode, Math.max(1, (needs.get(productCode) ?? 1) - held)] as const;
    }),
  );
  return new KeysShort(taken.short, missing);
}

function failureOf(e: unknown): Failure {
  if (e instanceof KeysShort)
    return {
      reason: e.message,
      retryable: false,
      mayHaveDelivered: false,
      keys: {
        waitingForKeys: e.productCodes,
        keysMissing: e.missing,
        products: e.products,
        untilRetry: e.untilRetry,
      },
    };
  if (e instanceof DeliveryFailure)
    return { reason: e.message, retryable: e.retryable, mayHaveDelivered: e.mayHaveDelivered };
  return { reason: messageOf(e), retryable: true, mayHaveDelivered: false };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

// `jobs`, `job retry|done` and `keys [add]`: the delivery outbox and licence key pools from the
// command line (rules: delivery-rules.ts; the mail server: delivery-smtp.ts).
import type { Envelope } from '../../preload/contract';
import {
  type JobStatus,
  jobStatuses,
  type LicenceKeyPool,
  type ListedJob,
} from '../../preload/contract-delivery';
import type { CheckoutConsole } from '../console';
import { productLabel } from '../delivery';
import { seeHelp } from './args';
import { cut, keyLines, readKeysFile, type Terminal } from './delivery-input';
import { wholeNumber } from './whole-number';
import { formatTime, type Io, table, UsageError, valueOf } from './output';

export interface JobFlags {
  status?: string;
  sale?: string;
  limit?: string;
  offset?: string;
  json?: boolean;
  utc?: boolean;
}

const STATUS_WORDS: Record<JobStatus, string> = {
  pending: 'pending',
  done: 'done',
  needs_attention: 'needs attention',
};

function statusFlag(text: string | undefined): JobStatus | undefined {
  if (text === undefined) return undefined;
  const status = jobStatuses.find((s) => s === text.replace(/-/g, '_'));
  if (status === undefined) {
    throw new UsageError(
      `--status ${text} is not a job status; use pending, done or needs_attention.`,
    );
  }
  return status;
}

/** "NEXT TRY / DONE": when a pending job runs again, when a done one was delivered. */
function whenText(job: ListedJob, utc: boolean | undefined): string {
  if (job.held) return 'after undo';
  if (job.status === 'pending') return job.nextTryAt ? formatTime(job.nextTryAt, utc) : 'now';
  if (job.status === 'done' && job.doneAt) {
    return `${formatTime(job.doneAt, utc)}${job.doneBy === 'merchant' ? ' (by hand)' : ''}`;
  }
  return '';
}

export async function runJobs(cc: CheckoutConsole, flags: JobFlags, io: Io, terminal: Terminal) {
  const status = statusFlag(flags.status);
  const query = {
    ...(status === undefined ? {} : { status }),
    ...(flags.sale === undefined ? {} : { saleId: wholeNumber('--sale', flags.sale) }),
    ...(flags.limit === undefined ? {} : { limit: wholeNumber('--limit', flags.limit) }),
    ...(flags.offset === undefined ? {} : { offset: wholeNumber('--offset', flags.offset, 0) }),
  };
  const answer = await cc.call('jobs.list', query);
  if (!answer.ok && answer.error.code === 'invalid_input' && answer.error.fields?.limit) {
    throw new UsageError(`--limit: use 1 to 500. ${seeHelp(['jobs'])}`);
  }
  const page = valueOf(answer);
  if (flags.json) return io.out(JSON.stringify(page));
  if (page.items.length === 0) {
    return io.out(
      status || query.saleId
        ? 'No delivery jobs match.'
        : 'No delivery jobs yet: each sale a rule matches gets one (`checkout-console rules`).',
    );
  }
  const rows = [
    ['ID', 'SALE', 'RULE', 'STATUS', 'ATTEMPTS', 'NEXT TRY / DONE', 'LAST ERROR'],
    ...page.items.map((j) => [
      String(j.id),
      String(j.saleId),
      j.ruleName,
      j.held ? 'held' : STATUS_WORDS[j.status],
      `${j.attempts}/${j.maxAttempts}`,
      whenText(j, flags.utc),
      j.lastError ?? '',
    ]),
  ];
  const lines = table(rows);
  // The error is the last column: whatever is left of the line is its room.
  for (const line of lines) io.out(cut(line, terminal.columns));
  const shown = (query.offset ?? 0) + page.items.length;
  if (page.total > shown) io.out(`… ${page.total - shown} more (--offset ${shown}).`);
}

const noJob = (id: number) => new UsageError(`No job ${id}; \`checkout-console jobs\` lists them.`);

function knownJob<T>(answer: Envelope<T>, id: number): Envelope<T> {
  if (!answer.ok && answer.error.code === 'not_found') throw noJob(id);
  return answer;
}

export async function runJob(cc: CheckoutConsole, flags: JobFlags, io: Io, args: string[]) {
  const [action, idText, ...extra] = args;
  if (action !== 'retry' && action !== 'done') {
    throw new UsageError(`Use \`job retry ID\` or \`job done ID\`. ${seeHelp(['job'])}`);
  }
  if (extra.length > 0) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(extra[0])}. ${seeHelp(['job', action])}`,
    );
  }
  if (idText === undefined) {
    throw new UsageError(`job ${action} needs the job's id; \`checkout-console jobs\` lists them.`);
  }
  const id = wholeNumber(`job ${action}`, idText);
  const method = action === 'retry' ? 'jobs.retry' : 'jobs.markDone';
  const job = valueOf(knownJob(await cc.call(method, { id }), id));
  if (flags.json) return io.out(JSON.stringify(job));
  io.out(
    action === 'retry'
      ? `Job ${job.id} (rule '${job.ruleName}', sale ${job.saleId}) will be tried again now.`
      : `Job ${job.id} (rule '${job.ruleName}', sale ${job.saleId}) is marked delivered by hand.`,
  );
}

// ---------- licence keys ----------

function lowWarning(pool: LicenceKeyPool): string {
  const left = pool.free === 1 ? '1 key' : `${pool.free} keys`;
  return `Only ${left} left for ${pool.productCode}: add more with \`checkout-console keys add ${pool.productCode} < keys.txt\`.`;
}

function printPools(pools: LicenceKeyPool[], io: Io): void {
  const rows = [
    ['PRODUCT', 'NAME', 'FREE', 'TAKEN'],
    ...pools.map((p) => [p.productCode, p.productName ?? '', String(p.free), String(p.taken)]),
  ];
  for (const line of table(rows)) io.out(line);
  for (const pool of pools.filter((p) => p.low)) io.err(lowWarning(pool));
}

// keys.add's own bound (preload/contract-delivery.ts): a bigger file goes in several calls.
const KEYS_PER_CALL = 100_000;

async function addKeys(
  cc: CheckoutConsole,
  product: string,
  flags: JobFlags,
  io: Io,
  terminal: Terminal,
) {
  const lines = keyLines(await readKeysFile(terminal, product));
  if (lines.length === 0) {
    throw new UsageError(
      `No keys on standard input: give one per line, e.g. checkout-console keys add ${product} < keys.txt`,
    );
  }
  let added = 0;
  let skipped = 0;
  let waitingSales = 0;
  let pool: LicenceKeyPool | undefined;
  for (let start = 0; start < lines.length; start += KEYS_PER_CALL) {
    const batch = lines.slice(start, start + KEYS_PER_CALL);
    const answer = await cc.call('keys.add', {
      productCode: product,
      keys: batch.map((l) => l.key),
    });
    if (!answer.ok && answer.error.code === 'invalid_input') {
      for (const [field, message] of Object.entries(answer.error.fields ?? {})) {
        const index = field.match(/^keys\.(\d+)$/)?.[1];
        const where = index === undefined ? undefined : batch[Number(index)]?.line;
        if (where !== undefined)
          throw new UsageError(`Line ${where} of standard input: ${message}`);
        if (field === 'productCode') throw new UsageError(`keys add ${product}: ${message}`);
      }
    }
    const result = valueOf(answer);
    added += result.added;
    skipped += result.skipped;
    waitingSales += result.waitingSales;
    pool = result.pool;
  }
  if (pool === undefined) return;
  if (flags.json) return io.out(JSON.stringify({ added, skipped, pool, waitingSales }));
  const already = skipped === 0 ? '' : ` (${skipped} skipped: already in the pool)`;
  io.out(
    `Added ${added} ${added === 1 ? 'key' : 'keys'} to ${product}${already}; ${pool.free} free, ${pool.taken} taken.`,
  );
  if (waitingSales > 0) io.out(waitingSalesLine(waitingSales, pool));
  if (pool.low) io.err(lowWarning(pool));
}

/**
 * What becomes of the sales the added keys sent back to the queue. This one-shot command runs no
 * worker; the app's or `listen`'s looks for due jobs at least every 5 s. Whether one runs is not
 * guessed from files a crash may leave behind, nor is delivery promised: every waiting sale goes
 * back, and one still short (fewer keys added than it needs, or another product's) waits again.
 */
function waitingSalesLine(count: number, pool: LicenceKeyPool): string {
  const sales = `${count} ${count === 1 ? 'sale' : 'sales'} waiting for keys of ${productLabel(pool)}`;
  const runner = 'a running Checkout Console app or `checkout-console listen`';
  return count === 1
    ? `${sales} is queued again: ${runner} tries it within seconds, and if it is still short of keys it waits for more.`
    : `${sales} are queued again: ${runner} tries them within seconds, and any still short of keys waits for more.`;
}

export async function runKeys(
  cc: CheckoutConsole,
  flags: JobFlags,
  io: Io,
  args: string[],
  terminal: Terminal,
) {
  const [first, second, ...extra] = args;
  const stray = first === 'add' ? extra[0] : second;
  if (stray !== undefined) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(stray)}. ${seeHelp(['keys', first ?? ''])}`,
    );
  }
  if (first === 'add') {
    if (second === undefined) {
      throw new UsageError(
        'keys add needs the product code: checkout-console keys add CODE < keys.txt',
      );
    }
    return addKeys(cc, second, flags, io, terminal);
  }
  const pools = valueOf(await cc.call('keys.list', {})).filter(
    (p) => first === undefined || p.productCode === first,
  );
  if (flags.json) return io.out(JSON.stringify(pools));
  if (pools.length === 0) {
    const which = first === undefined ? 'any product' : first;
    return io.out(
      `No licence keys for ${which} yet. Add some with \`checkout-console keys add ${first ?? 'CODE'} < keys.txt\`.`,
    );
  }
  printPools(pools, io);
}

// `checkout-console export [--what fulfillments|links] [--format csv|csv-excel|xero|qbo3|qbo4]
// [--from DAY] [--to DAY] [--currency C] [--out FILE [--force]]`: the same export as the app's
// save dialog, written to a file (or FILE-1.csv, FILE-2.csv… when split) or to stdout.
import { extname, resolve } from 'node:path';
import {
  exportFormats,
  localTimeZone,
  type ExportFormat,
  type ExportResult,
} from '../../preload/contract';
import { createConsole, type ConsoleOptions } from '../console';
import { writeWholeFile, type SavePart } from '../sales';
import { ConsoleError } from '../errors';
import { seeHelp } from './args';
import { calendarDay } from './calendar-day';
import { keepHeapNearLive } from './listen-heap';
import { cannotWriteOut, type OutFileRules, refuseOutFile } from './out-file';
import { type Io, UsageError, valueOf } from './output';

export interface ExportFlags {
  what?: string;
  format?: string;
  out?: string;
  json?: boolean;
  from?: string;
  to?: string;
  currency?: string;
  /** --out may replace an existing file. */
  force?: boolean;
  /** --from/--to and a statement's lines in UTC days, not this computer's. */
  utc?: boolean;
}

/**
 * --from/--to as days, both included: this computer's days (each from its own midnight, as the
 * app's date filter), or UTC days with --utc.
 */
function dayRange(flags: ExportFlags): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  for (const [name, value] of [
    ['from', flags.from],
    ['to', flags.to],
  ] as const) {
    if (value === undefined) continue;
    const day = calendarDay(value);
    if (!day) throw new UsageError(`--${name} takes a day as YYYY-MM-DD, like 2026-11-30.`);
    const { year, month } = day;
    // --to takes its whole day: up to the next one's midnight (23 or 25 hours away on a
    // clock-change day).
    const d = day.day + (name === 'to' ? 1 : 0);
    const start = flags.utc ? new Date(Date.UTC(year, month, d)) : new Date(year, month, d);
    range[name] = start.toISOString();
  }
  if (range.from && range.to && range.from >= range.to) {
    throw new UsageError('--from is after --to: give the first day, then the last.');
  }
  return range;
}

function formatOf(flags: ExportFlags): ExportFormat {
  const format = flags.format ?? 'csv';
  if (!(exportFormats as readonly string[]).includes(format)) {
    throw new UsageError(
      `Unknown --format ${JSON.stringify(format)}; use ${exportFormats.join(', ')}.`,
    );
  }
  return format as ExportFormat;
}

const isWhat = (w: string | undefined): w is 'fulfillments' | 'links' =>
  w === 'fulfillments' || w === 'links';

/** FILE-1.csv, FILE-2.csv… for the files of a split export. */
function partPath(out: string, index: number): string {
  const ext = extname(out);
  return `${out.slice(0, out.length - ext.length)}-${index + 1}${ext || '.csv'}`;
}

export async function runExport(
  flags: ExportFlags,
  io: Io,
  base: Pick<ConsoleOptions, 'dataDir' | 'secrets' | 'env'>,
): Promise<number> {
  const format = formatOf(flags);
  // A bank statement is sales; the full CSV still asks which table.
  const what = flags.what ?? (format === 'csv' ? undefined : 'fulfillments');
  if (!isWhat(what)) {
    throw new UsageError('export needs --what fulfillments or --what links.');
  }
  if (flags.currency !== undefined && !/^[A-Za-z]{3}$/.test(flags.currency)) {
    throw new UsageError('--currency takes a three-letter code, like EUR.');
  }
  const filter = {
    ...dayRange(flags),
    ...(flags.currency ? { currency: flags.currency.toUpperCase() } : {}),
  };
  if (what === 'links' && format !== 'csv' && format !== 'csv-excel') {
    throw new UsageError(
      `--format ${format} writes sales, not links: use --format csv or csv-excel for links. ${seeHelp(['export'])}`,
    );
  }
  if (what === 'links' && Object.keys(filter).length > 0) {
    throw new UsageError('--from, --to and --currency choose sales: use them with fulfillments.');
  }
  const out = flags.out;
  if (flags.force && out === undefined) {
    throw new UsageError('--force goes with --out FILE: it lets the export replace that file.');
  }
  if (flags.json && out === undefined) {
    throw new UsageError(
      'export --json goes with --out FILE (it then prints what was written as JSON); without --out the CSV itself is printed.',
    );
  }
  const rules: OutFileRules = { dataDir: base.dataDir, force: flags.force === true };
  let files = 0;
  const write: SavePart = async (_suggestedName, content, part) => {
    files = part?.count ?? 1;
    if (out === undefined) {
      if (files === 1) printLines(io, content);
      return '-';
    }
    // Every file of a split export is checked before the first is written: none or all.
    if (part?.index === 0) {
      for (let i = 0; i < part.count; i += 1) refuseOutFile(partPath(out, i), rules);
    } else if (!part) refuseOutFile(out, rules);
    const path = resolve(part ? partPath(out, part.index) : out);
    // Customer names and emails: this user's alone, like the data folder (0600). Without
    // --force, a file that appeared since the check is kept.
    await writeWholeFile(path, content, {
      keepExisting: !rules.force,
      cannotWrite: (e: unknown) => cannotWrite(path, e),
    });
    return path;
  };
  // A one-file CSV is written at --out itself, not in the data folder and then copied there.
  const saveFile: SavePart =
    out === undefined
      ? write
      : Object.assign(write, {
          targetFor: async () => {
            files = 1;
            const path = resolve(out);
            refuseOutFile(path, rules);
            return {
              path,
              cannotWrite: (e: unknown) => cannotWrite(path, e),
              keepExisting: !rules.force,
            };
          },
        });
  // An export only reads the ledger: no receiver, tunnel or webhook changes.
  const options = { ...base, live: { autoStart: false }, saveFile };
  // The export is the whole process, and like listen it churns through objects a few of which
  // V8 promotes: left to grow to ~4x what is live, its heap was +100 MB of garbage at 1,000,000
  // sales (history-1m-child.ts).
  keepHeapNearLive();
  const cc = await createConsole(options);
  try {
    // A statement dates its lines in the days --from/--to chose.
    const zone = flags.utc ? {} : localTimeZone();
    const input = { what, ...(flags.format ? { format } : {}), filter, ...zone };
    const result = valueOf(await cc.call('export.csv', input));
    if (out === undefined && files > 1) {
      throw new UsageError(
        `This export is ${files} files of at most 1,000 rows (the most ${format} takes): pass --out FILE to write FILE-1.csv to FILE-${files}.csv.`,
      );
    }
    if (out !== undefined) {
      if (flags.json) io.out(JSON.stringify(result));
      else io.err(wroteSentence(result, what, out));
    }
  } finally {
    await cc.close();
  }
  return 0;
}

/**
 * Prints the CSV as it is read, as the whole text printed at once would be: io.out ends each
 * call with LF, so a piece goes out up to one of its LFs, and the CSV's last CRLF is left to
 * io.out's own (a CSV may end its last record without one).
 */
function printLines(io: Io, chunks: Iterable<string>): void {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    // The last line end stays pending: it may be the CSV's last.
    const last = pending.lastIndexOf('\n');
    const cut = last > 0 ? pending.lastIndexOf('\n', last - 1) : -1;
    if (cut < 0) continue;
    io.out(pending.slice(0, cut));
    pending = pending.slice(cut + 1);
  }
  io.out(pending.replace(/\r\n$/, ''));
}

function wroteSentence(result: ExportResult, what: string, out: string): string {
  const count = (n: number) => (n === 1 ? '1 row' : `${n} rows`);
  if (!result.files) return `Wrote ${count(result.rows)} of ${what} to ${result.path ?? out}.`;
  const lines = result.files.map((f) => `  ${f.path ?? '(not written)'}: ${count(f.rows)}`);
  return [`Wrote ${count(result.rows)} of ${what} in ${result.files.length} files:`, ...lines].join(
    '\n',
  );
}

/** What the merchant can do about a file that could not be written, in place of Node's code. */
function cannotWrite(path: string, e: unknown): ConsoleError {
  return cannotWriteOut(
    path,
    e,
    (why) =>
      `Cannot write ${path}: ${why}. Pass --out a file in a folder you can write to, or leave --out out to print the CSV.`,
  );
}

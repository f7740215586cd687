// `checkout-console export --what fulfillments|links --format csv [--out FILE]`: the same
// export as the app's save dialog, written to a file or to stdout.
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createConsole, type ConsoleOptions } from '../console';
import type { SaveFile } from '../sales';
import { ConsoleError } from '../errors';
import { fileProblem } from '../paths';
import { type Io, UsageError, valueOf } from './output';

export interface ExportFlags {
  what?: string;
  format?: string;
  out?: string;
  json?: boolean;
}

export async function runExport(
  flags: ExportFlags,
  io: Io,
  base: Pick<ConsoleOptions, 'dataDir' | 'secrets' | 'env'>,
): Promise<number> {
  if (flags.what !== 'fulfillments' && flags.what !== 'links') {
    throw new UsageError('export needs --what fulfillments or --what links.');
  }
  const format = flags.format ?? 'csv';
  if (format !== 'csv')
    throw new UsageError(`Unknown --format ${JSON.stringify(format)}; use csv.`);
  const out = flags.out;
  if (flags.json && out === undefined) {
    throw new UsageError(
      'export --json goes with --out FILE (it then prints what was written as JSON); without --out the CSV itself is printed.',
    );
  }
  const saveFile: SaveFile = async (_suggestedName, content) => {
    if (out === undefined) {
      // io.out ends the last line itself; a CSV may end its last record without CRLF.
      io.out(content.replace(/\r\n$/, ''));
      return '-';
    }
    const path = resolve(out);
    // Customer names and emails: this user's alone, like the data folder (0600).
    await writeFile(path, content, { encoding: 'utf8', mode: 0o600 }).catch((e: unknown) => {
      throw cannotWrite(path, e);
    });
    return path;
  };
  // An export only reads the ledger: no receiver, tunnel or webhook changes.
  const options = { ...base, live: { autoStart: false }, saveFile };
  const cc = await createConsole(options);
  try {
    const result = valueOf(await cc.call('export.csv', { what: flags.what }));
    if (out !== undefined) {
      const rows = result.rows === 1 ? '1 row' : `${result.rows} rows`;
      if (flags.json) io.out(JSON.stringify(result));
      else io.err(`Wrote ${rows} of ${flags.what} to ${result.path ?? out}.`);
    }
  } finally {
    await cc.close();
  }
  return 0;
}

/** What the merchant can do about a file that could not be written, in place of Node's code. */
function cannotWrite(path: string, e: unknown): ConsoleError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : fileProblem(e);
  return new ConsoleError(
    'invalid_input',
    `Cannot write ${path}: ${why}. Pass --out a file in a folder you can write to, or leave --out out to print the CSV.`,
    { cause: e },
  );
}

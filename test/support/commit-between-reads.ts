// Lands another connection's commit between two statements of one synchronous read, as a second
// process (the CLI's `listen` beside the app) can: a test cannot interleave them any other way.
import type { Database, Statement } from 'better-sqlite3';

/**
 * Makes the first read on `db` whose SQL matches `after` run `write` once it has returned its rows
 * (`write` commits on a connection of its own). Statements prepared before this call are not
 * watched, so hand `db` to the repo under test afterwards. `fired()` says whether it ran.
 */
export function commitAfterRead(
  db: Database,
  after: RegExp,
  write: () => void,
): { fired: () => boolean } {
  let done = false;
  const prepare = db.prepare.bind(db);
  const hook = <F extends (...args: never[]) => unknown>(fn: F): F =>
    ((...args: Parameters<F>) => {
      const result = fn(...args);
      if (!done) {
        done = true;
        write();
      }
      return result;
    }) as F;
  db.prepare = ((source: string) => {
    const statement: Statement = prepare(source);
    if (!done && after.test(source)) {
      statement.get = hook(statement.get.bind(statement));
      statement.all = hook(statement.all.bind(statement));
    }
    return statement;
  }) as Database['prepare'];
  return { fired: () => done };
}

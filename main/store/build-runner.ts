// The index builds a migration starts but cannot finish within an open's second (store_builds,
// schema 17): each runs in steps of a few milliseconds, every step one transaction that indexes
// the rows past its cursor and moves the cursor, so a build killed at any point resumes where its
// last commit left it. migrate() runs them: a bounded part at open (a new or small file finishes
// there), then the rest in the background on the same connection, a step at a time between the
// event loop's other work, in whichever process holds the store open: the app, `listen`, or a CLI command while it
// works (the timers never keep a process alive). Two processes building at once take turns: each
// step reads the cursor inside its own write transaction.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { salesSearchBuild, type Build } from './build-sales-search';
import { sqliteCode } from './sqlite-errors';

const BUILDS: readonly Build[] = [salesSearchBuild];

// A step this long keeps the receiver's answers, which wait behind it, within a few ms.
const STEP_TARGET_MS = 4;
const FIRST_LIMIT = 200;
const MIN_LIMIT = 16;
const MAX_LIMIT = 20_000;
// Another process holding the write lock: try again after this long, not in SQLite's busy wait.
const BUSY_RETRY_MS = 50;
/** How long open may spend on builds before leaving the rest to the background. */
export const OPEN_BUDGET_MS = 50;

const buildRow = z.object({ cursor: z.number().int(), state: z.enum(['building', 'done']) });
const idsRow = z.object({ n: z.number().int(), last: z.number().int().nullable() });

export type StepOutcome = 'more' | 'done' | 'busy';

function hasBuildsTable(db: Database): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'store_builds'")
      .get() !== undefined
  );
}

/** The builds this file still has to run, in order. */
export function pendingBuilds(db: Database): Build[] {
  if (!hasBuildsTable(db)) return [];
  const building = new Set(
    db.prepare("SELECT name FROM store_builds WHERE state = 'building'").pluck().all(),
  );
  return BUILDS.filter((b) => building.has(b.name));
}

/**
 * Runs `fn` as one IMMEDIATE transaction that gives up at once (undefined) when another process
 * holds the write lock, and whose commit does not wait for the disk: a lost step is a cursor that
 * did not move with the rows it indexed, redone by the next step (WAL keeps the two together).
 */
function tryWrite<T>(db: Database, fn: () => T): T | undefined {
  const timeout = Number(db.pragma('busy_timeout', { simple: true }));
  const level = Number(db.pragma('synchronous', { simple: true }));
  db.pragma('busy_timeout = 0');
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(fn).immediate();
  } catch (e) {
    // LOCKED: a statement of this connection still reads the table the finish drops.
    const code = sqliteCode(e);
    if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) return undefined;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${Math.trunc(timeout)}`);
    db.pragma(`synchronous = ${Math.trunc(level)}`);
  }
}

/** One step of `build`: up to `limit` rows past its cursor, and its finish once none is left. */
export function runBuildStep(db: Database, build: Build, limit: number): StepOutcome {
  const outcome = tryWrite(db, (): StepOutcome => {
    const row = db.prepare('SELECT cursor, state FROM store_builds WHERE name = ?').get(build.name);
    const { cursor, state } = buildRow.parse(row);
    if (state === 'done') return 'done';
    const at = { cursor, limit: Math.trunc(limit) };
    const { n, last } = idsRow.parse(db.prepare(build.stepIds).get(at));
    if (n > 0 && last !== null) {
      db.prepare(build.step).run(at);
      db.prepare('UPDATE store_builds SET cursor = ?, steps = steps + 1 WHERE name = ?').run(
        last,
        build.name,
      );
    }
    if (n === at.limit) return 'more';
    db.exec(build.finish);
    return 'done';
  });
  return outcome ?? 'busy';
}

/** Steps sized to take about STEP_TARGET_MS each, whatever the rows cost. */
function stepper(db: Database) {
  let limit = FIRST_LIMIT;
  return (build: Build): StepOutcome => {
    const t0 = performance.now();
    const outcome = runBuildStep(db, build, limit);
    const ms = performance.now() - t0;
    if (outcome === 'more') {
      const scaled = ms > 0 ? (limit * STEP_TARGET_MS) / ms : MAX_LIMIT;
      limit = Math.round(Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, scaled, limit / 2)));
    }
    return outcome;
  };
}

/** Runs the pending builds' steps for up to `budgetMs`; true when none is left. */
export function runBuildsFor(db: Database, budgetMs: number): boolean {
  const deadline = performance.now() + budgetMs;
  const step = stepper(db);
  for (const build of pendingBuilds(db)) {
    for (;;) {
      const outcome = step(build);
      if (outcome === 'busy') return false;
      if (outcome === 'done') break;
      if (performance.now() >= deadline) return false;
    }
  }
  return true;
}

export interface BuildsInBackground {
  /** Resolves when every build is done, or the connection closed (false). */
  finished: Promise<boolean>;
}

/**
 * Runs the pending builds until they are done or the connection closes, a step at a time with a
 * pause as long as the step after each, so the build takes at most half of the event loop. A step that finds the write lock taken, or this connection inside a
 * transaction of its own, is tried again later.
 */
export function continueBuildsInBackground(db: Database): BuildsInBackground {
  const step = stepper(db);
  const finished = new Promise<boolean>((resolve) => {
    const next = (delayMs = 0) => {
      const timer = delayMs > 0 ? setTimeout(tick, delayMs) : setImmediate(tick);
      timer.unref();
    };
    const tick = () => {
      if (!db.open) return resolve(false);
      if (db.inTransaction) return next(1);
      let outcome: StepOutcome;
      const t0 = performance.now();
      try {
        const build = pendingBuilds(db)[0];
        if (!build) return resolve(true);
        outcome = step(build);
      } catch {
        // A failed step changed nothing (its transaction rolled back): the next open resumes it.
        return resolve(false);
      }
      // As long again without a step: an answer that takes a few turns of the loop waits for one
      // step, not one per turn (a step per turn added 18 ms to a loopback request's median).
      next(outcome === 'busy' ? BUSY_RETRY_MS : Math.max(1, Math.ceil(performance.now() - t0)));
    };
    next();
  });
  return { finished };
}

/** migrate()'s builds: OPEN_BUDGET_MS of steps now, the rest in the background. */
export function continueBuilds(db: Database): void {
  if (pendingBuilds(db).length === 0) return;
  if (runBuildsFor(db, OPEN_BUDGET_MS)) return;
  void continueBuildsInBackground(db).finished;
}

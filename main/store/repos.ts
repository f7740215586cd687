// The repos every writer shares (receiver, links, sync), built once per store or per clock with
// statements prepared once, and the transactions they commit in.
import type { Database } from 'better-sqlite3';
import { createActivityRepo, type ActivityRepo } from './activity';
import { systemNow } from './clock';
import { createEventsRepo, type EventsRepo } from './events';
import { createFulfillmentsRepo, type FulfillmentsRepo } from './fulfillments';
import { createSessionsRepo, type SessionsRepo } from './sessions';
import { createSettingsRepo } from './settings';
import type { SettingsRepo } from './types';

export { systemNow };

export interface Repos {
  sessions: SessionsRepo;
  fulfillments: FulfillmentsRepo;
  events: EventsRepo;
  activity: ActivityRepo;
  settings: SettingsRepo;
  /** False once the store is closed: late work (timers, answers in flight) stops writing. */
  isOpen(): boolean;
  /**
   * Runs `fn` in one IMMEDIATE transaction (one commit). IMMEDIATE: a deferred read-then-write
   * fails at once (SQLITE_BUSY) if another process wrote in between.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Wraps `fn` as one transaction whose commit does not wait for the disk, for data derived from
   * rows already committed durably and redone if lost (WAL keeps the order: the next durable
   * commit flushes it too).
   */
  derivedTransaction<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T;
}

export function createRepos(db: Database, now: () => string = systemNow): Repos {
  return {
    sessions: createSessionsRepo(db, now),
    fulfillments: createFulfillmentsRepo(db, now),
    events: createEventsRepo(db, now),
    activity: createActivityRepo(db, now),
    settings: createSettingsRepo(db),
    isOpen: () => db.open,
    transaction: (fn) => db.transaction(fn).immediate(),
    derivedTransaction(fn) {
      const tx = db.transaction(fn);
      return (...args) => {
        const previous = db.pragma('synchronous', { simple: true });
        db.pragma('synchronous = NORMAL');
        try {
          return tx(...args);
        } finally {
          db.pragma(`synchronous = ${Number(previous)}`);
        }
      };
    },
  };
}

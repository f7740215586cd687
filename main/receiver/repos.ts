// Prepared statements cost more than the inserts they run: one set of repos per database
// (and clock) instead of one per delivery.
import type { Database } from 'better-sqlite3';
import { createActivityRepo, type ActivityRepo } from '../store/activity';
import { createEventsRepo, type EventsRepo } from '../store/events';
import { createFulfillmentsRepo, type FulfillmentsRepo } from '../store/fulfillments';
import { createSessionsRepo, type SessionsRepo } from '../store/sessions';
import { createSettingsRepo } from '../store/settings';
import type { SettingsRepo } from '../store/types';

export interface Repos {
  events: EventsRepo;
  fulfillments: FulfillmentsRepo;
  activity: ActivityRepo;
  sessions: SessionsRepo;
  settings: SettingsRepo;
}

export const systemNow = (): string => new Date().toISOString();

const cache = new WeakMap<Database, Map<() => string, Repos>>();

export function reposFor(db: Database, now: () => string = systemNow): Repos {
  let byClock = cache.get(db);
  if (!byClock) cache.set(db, (byClock = new Map()));
  let repos = byClock.get(now);
  if (!repos) {
    repos = {
      events: createEventsRepo(db, now),
      fulfillments: createFulfillmentsRepo(db, now),
      activity: createActivityRepo(db, now),
      sessions: createSessionsRepo(db, now),
      settings: createSettingsRepo(db),
    };
    // A caller passing a fresh clock each time must not grow the cache without bound.
    if (byClock.size > 16) byClock.clear();
    byClock.set(now, repos);
  }
  return repos;
}

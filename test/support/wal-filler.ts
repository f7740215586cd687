// Grows a store's WAL past SQLite's automatic checkpoint threshold (1000 pages) with real
// commits: for tests of who copies the WAL into the database file, and when.
import type { Store } from '../../main/store';

/** `commits` webhook events of 16 KiB each (300 is about 5 MB of WAL). */
export function fillWal(store: Store, accountId: number, commits: number): void {
  for (let n = 0; n < commits; n += 1) {
    store.events.insertVerified({
      accountId,
      body: JSON.stringify({ n, pad: 'x'.repeat(16 * 1024) }),
      headers: {},
      eventType: null,
      sessionId: null,
      businessKey: null,
    });
  }
}

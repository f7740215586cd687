// List entries Quaderno sent in a shape the console cannot read are told to the merchant.
import type { Unreadable } from '../quaderno';
import type { ActivityRepo } from '../store';

/** Entries named per call; the rest are counted in one line. */
const NAMED = 20;
/** How far back an entry already named is looked for, so a sync every few minutes says it once. */
const RECENT = 200;

const keyOf = (d: Record<string, unknown>) => JSON.stringify([d.what, d.id, d.reason]);

/** Names every list entry left out, so the merchant knows which one to check in Quaderno. */
export function reportUnreadable(
  activity: ActivityRepo,
  accountId: number,
  skipped: readonly Unreadable[],
): void {
  if (skipped.length === 0) return;
  const recent = activity.list(accountId, { kind: 'unreadable', limit: RECENT, offset: 0 });
  const told = new Set(recent.items.map((e) => keyOf(e.detail)));
  const fresh = skipped.filter((e) => !told.has(keyOf({ ...e })));
  for (const entry of fresh.slice(0, NAMED)) {
    const which = entry.id === null ? 'an entry without an id' : JSON.stringify(entry.id);
    activity.add(
      accountId,
      'unreadable',
      `Quaderno listed ${which} among the ${entry.what} in a shape Checkout Console cannot read (${entry.reason}); it was left out. Check it in Quaderno; if it looks right there, update Checkout Console.`,
      { what: entry.what, id: entry.id, reason: entry.reason },
    );
  }
  if (fresh.length > NAMED) {
    activity.add(
      accountId,
      'unreadable',
      `${fresh.length - NAMED} more ${fresh[0]?.what ?? 'entries'} could not be read and were left out.`,
      { count: fresh.length - NAMED },
    );
  }
}

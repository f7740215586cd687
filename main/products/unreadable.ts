// List entries Quaderno sent in a shape the console cannot read are told to the merchant.
import type { Unreadable } from '../quaderno';
import type { ActivityRepo } from '../store';

/** Names every list entry left out, so the merchant knows which one to check in Quaderno. */
export function reportUnreadable(
  activity: ActivityRepo,
  accountId: number,
  skipped: readonly Unreadable[],
): void {
  for (const entry of skipped.slice(0, 20)) {
    const which = entry.id === null ? 'an entry without an id' : `${JSON.stringify(entry.id)}`;
    activity.add(
      accountId,
      'unreadable',
      `Quaderno listed ${which} among the ${entry.what} in a shape Checkout Console cannot read (${entry.reason}); it was left out. Check it in Quaderno; if it looks right there, update Checkout Console.`,
      { what: entry.what, id: entry.id, reason: entry.reason },
    );
  }
  if (skipped.length > 20) {
    activity.add(
      accountId,
      'unreadable',
      `${skipped.length - 20} more ${skipped[0]?.what ?? 'entries'} could not be read and were left out.`,
      { count: skipped.length - 20 },
    );
  }
}

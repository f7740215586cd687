// Helpers for reading a catalogue Quaderno sends in a shape of its own.
import { isConsoleError } from '../errors';
import type { QuadernoClient, Unreadable } from '../quaderno';
import type { ActivityRepo } from '../store';

/** The currency most of Quaderno's first page of sessions use, in whatever order it lists them. */
export async function currencyFromSessions(client: QuadernoClient): Promise<string | null> {
  let page;
  try {
    page = await client.listSessionsPage({ limit: 25 });
  } catch (e) {
    // The catalogue is still worth saving without it: the currency shows once a link is made.
    if (isConsoleError(e)) return null;
    throw e;
  }
  const counts = new Map<string, number>();
  for (const s of page.items) {
    const currency = s.items.find((i) => i.currency)?.currency?.toUpperCase();
    if (currency && /^[A-Z]{3}$/.test(currency))
      counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [currency, n] of counts)
    if (best === null || n > (counts.get(best) ?? 0)) best = currency;
  return best;
}

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

// Traffic the receiver sheds (quarantined bodies dropped for room, confirmations skipped for
// the API budget) is told to the merchant in the activity log, one line per account and kind an
// hour at most, with the count since the previous line: a flood must not flood the log too.
import type { Repos } from '../store';

export type NoticeKind = 'quarantine_dropped' | 'quarantine_dropped_readable' | 'confirm_skipped';

const INTERVAL_MS = 60 * 60 * 1000;

const messages: Record<NoticeKind, (n: number) => string> = {
  quarantine_dropped: (n) =>
    `Deleted the ${n} oldest event(s) with bad signatures to keep the quarantine small (the newest are kept). If they keep coming, check that only Quaderno knows the webhook address.`,
  quarantine_dropped_readable: (n) =>
    `Deleted the ${n} oldest unverified event(s) that read as Quaderno events, to keep the quarantine within its limit. The next sync records any paid sale among them; failed or abandoned checkouts among them are gone. If this keeps happening, check that only Quaderno knows the webhook address.`,
  confirm_skipped: (n) =>
    `${n} event(s) with bad signatures were not checked with Quaderno (a few checks a minute at most); they stay quarantined and the next sync records any real sale.`,
};

export interface Notices {
  note(accountId: number, kind: NoticeKind, count: number): void;
  /** Writes what is still untold (at close). */
  flush(): void;
}

export function createNotices(repos: Pick<Repos, 'activity' | 'isOpen'>): Notices {
  const state = new Map<
    string,
    { accountId: number; kind: NoticeKind; count: number; at: number }
  >();

  function tell(s: { accountId: number; kind: NoticeKind; count: number; at: number }): void {
    if (s.count === 0 || !repos.isOpen()) return;
    try {
      repos.activity.add(s.accountId, s.kind, messages[s.kind](s.count), {
        count: s.count,
      });
    } catch {
      // Its own write, after the delivery it is about was stored: a refusal (full disk, a lock
      // held elsewhere) answered that stored delivery 500. The count stays for the next line.
      return;
    }
    s.count = 0;
    s.at = performance.now();
  }

  return {
    note(accountId, kind, count) {
      const key = `${accountId}:${kind}`;
      let s = state.get(key);
      if (!s) state.set(key, (s = { accountId, kind, count: 0, at: -Infinity }));
      s.count += count;
      if (performance.now() - s.at >= INTERVAL_MS) tell(s);
    },
    flush() {
      for (const s of state.values()) tell(s);
    },
  };
}

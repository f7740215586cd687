// The worker's words for a try whose outcome is unknown: cut off by a crash, or ended without the
// mail server (or endpoint, or command) confirming what it may have done. They say that it may
// already have gone out, that it is tried once more at most with the same key, and, once it needs
// the merchant, what to check before Retry or Mark done. The other lines are worker-words.ts's.
import { waitWords } from './backoff';
import type { TryWords } from './worker-words';

function who(w: TryWords): string {
  return w.sale?.customerName?.trim() || w.sale?.customerEmail?.trim() || 'the customer';
}

function host(w: TryWords): string {
  if (w.action?.kind !== 'forward') return 'its endpoint';
  try {
    return new URL(w.action.url).host;
  } catch {
    return 'its endpoint';
  }
}

/** "the email to Jane Doe (rule 'Ebook email')": what the try delivers. */
function subject(w: TryWords): string {
  const rule = `rule '${w.ruleName}'`;
  if (w.kind === 'email') return `the email to ${who(w)} (${rule})`;
  if (w.kind === 'forward') return `the forward of ${who(w)}'s sale to ${host(w)} (${rule})`;
  return `the command of ${rule} for ${who(w)}'s sale`;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const sentence = (reason: string) => reason.trim().replace(/[.\s]+$/, '');

/** What the merchant checks before Retry or Mark done. */
function check(w: TryWords): string {
  if (w.kind === 'email')
    return `check with ${who(w)} or your mail provider's sent mail whether it arrived, then Retry or Mark done`;
  if (w.kind === 'forward')
    return `check whether ${host(w)} has the sale, then Retry (the same Idempotency-Key) or Mark done`;
  return 'check what the command did, then Retry or Mark done';
}

/**
 * A job's last error once it needs the merchant after an unknown outcome: this try's (`thisTry`,
 * its reason already says it may have gone out) or an earlier one's.
 */
export function unsureAttentionReason(w: TryWords, reason: string, thisTry: boolean): string {
  const said = `${sentence(reason)}.`;
  return thisTry
    ? `${said} ${capital(check(w))}`
    : `${said} An earlier try may already have delivered it: ${check(w)}`;
}

/** Written when a try is claimed whose previous try never ended (the process died mid-try). */
export function cutOffLine(w: TryWords, repeatOnce: boolean): string {
  const next = repeatOnce
    ? 'Trying once more, with the same key.'
    : 'Trying again with the same key, by which a receiver can drop a repeat.';
  return `The last try of ${subject(w)} was cut off when Checkout Console stopped unexpectedly; it may have gone out. ${next}`;
}

/**
 * Why a job cut off with no try left (its one repeat, or its eighth try) is not run again: the
 * merchant is asked instead.
 */
export const CUT_OFF_AGAIN =
  'Its last try was cut off when Checkout Console stopped unexpectedly and may have gone out; no try is left';

/** A try that may have delivered, to be repeated once: "The email to … was not confirmed: …". */
export function unsureRetryLine(w: TryWords, reason: string, waitMs: number): string {
  return `${capital(subject(w))} was not confirmed: ${sentence(reason)}; trying once more in ${waitWords(waitMs)}, with the same key.`;
}

/**
 * A try that may have delivered, ended after its sale was marked fulfilled by hand: the job waits
 * for Undo, which would send it once more.
 */
export function unsureHeldLine(w: TryWords, reason: string): string {
  return `${capital(subject(w))} was not confirmed: ${sentence(reason)}; held, as the sale is marked fulfilled. It may have gone out: Undo tries it once more, with the same key.`;
}

/** A try that may have delivered, cut short as this console stopped. */
export function unsureInterruptedLine(w: TryWords, reason: string): string {
  return `${capital(subject(w))} was cut short as Checkout Console stopped: ${sentence(reason)}; it will be tried once more, with the same key.`;
}

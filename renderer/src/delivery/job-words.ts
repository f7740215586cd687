// How a sale's deliveries read on the desk, in the merchant's words: what was done ("Email to
// the customer: sent 14:02"), what is being tried ("… trying again at 14:05 (attempt 2 of 8) —
// the endpoint answered 500") and what needs a person. Pure, so the wording is tested alone.
import type { DeliveryJob, DeliveryRule } from '../../../preload/contract-delivery';
import { shortTime } from '../dates';

/** What the delivery does: "Email to the customer", "Forward to shop.example". */
export function deliveryLabel(
  job: Pick<DeliveryJob, 'kind' | 'ruleName'>,
  rule?: DeliveryRule,
): string {
  if (job.kind === 'email') return 'Email to the customer';
  if (job.kind === 'forward') {
    const host = rule?.action.kind === 'forward' ? hostOf(rule.action.url) : null;
    return host ? `Forward to ${host}` : 'Forward to your endpoint';
  }
  return 'Command';
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

const DONE_VERB: Record<DeliveryJob['kind'], string> = {
  email: 'sent',
  forward: 'delivered',
  command: 'done',
};

/**
 * Where the delivery stands, after the label's colon. `saleFulfilled`: the merchant marked its
 * sale fulfilled by hand, and main holds what is left to do (tries none) until Undo.
 */
export function deliveryState(job: DeliveryJob, now = new Date(), saleFulfilled = false): string {
  if (job.status === 'done') {
    const at = job.doneAt ? ` ${shortTime(job.doneAt, now)}` : '';
    return job.doneBy === 'merchant' ? `marked done by you${at}` : `${DONE_VERB[job.kind]}${at}`;
  }
  const why = job.lastError ? ` — ${job.lastError}` : '';
  if (job.status === 'needs_attention') {
    // Held too: neither a key added nor Retry tries it while the sale stays marked.
    const held = saleFulfilled ? '; held until Undo, as the sale is marked fulfilled' : '';
    return `stopped after ${tries(job.attempts)}${why}${held}`;
  }
  if (saleFulfilled) return 'held, as the sale is marked fulfilled (Undo to deliver it)';
  if (job.attempts === 0) return 'on its way';
  const next = job.nextTryAt ? ` at ${shortTime(job.nextTryAt, now)}` : '';
  const attempt = Math.min(job.attempts + 1, job.maxAttempts);
  return `trying again${next} (attempt ${attempt} of ${job.maxAttempts})${why}`;
}

function tries(n: number): string {
  return n === 1 ? '1 try' : `${n} tries`;
}

/** The whole line: "Needs attention: Forward to shop.example — stopped after 8 tries — …". */
export function deliveryLine(
  job: DeliveryJob,
  rule?: DeliveryRule,
  now = new Date(),
  saleFulfilled = false,
): string {
  const line = `${deliveryLabel(job, rule)}: ${deliveryState(job, now, saleFulfilled)}`;
  return job.status === 'needs_attention' && !saleFulfilled ? `Needs attention: ${line}` : line;
}

/** Whether the merchant can act on it: try again now, or say it was delivered by hand. */
export function canAct(job: DeliveryJob): boolean {
  return job.status === 'needs_attention' || (job.status === 'pending' && job.attempts > 0);
}

/**
 * What the merchant can do about a delivery: Retry, not while its sale is marked fulfilled (main
 * holds it: Undo first); Mark done for any not done yet, so a held one can be cleared too.
 */
export function actionsOn(job: DeliveryJob, saleFulfilled: boolean) {
  const markDone = job.status !== 'done' && (saleFulfilled || canAct(job));
  return { retry: !saleFulfilled && canAct(job), markDone };
}

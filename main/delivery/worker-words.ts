// The worker's Activity lines, one per try, in the merchant's words (the tone of
// main/sales/activity-words.ts): who was delivered what, by which rule, and what happens next.
import type { RuleAction, RuleActionKind } from '../../preload/contract-delivery';
import { productLine, type Fulfillment } from '../../preload/contract-live';
import { waitWords } from './backoff';

export interface TryWords {
  kind: RuleActionKind;
  ruleName: string;
  /** The rule's action now; null when the rule was removed. */
  action: RuleAction | null;
  /** null when the sale is gone from the ledger. */
  sale: Pick<Fulfillment, 'customerName' | 'customerEmail' | 'products'> | null;
}

function who(w: TryWords): string {
  return w.sale?.customerName?.trim() || w.sale?.customerEmail?.trim() || 'a customer';
}

function host(action: RuleAction | null): string {
  if (action?.kind !== 'forward') return 'its endpoint';
  try {
    return new URL(action.url).host;
  } catch {
    return action.url;
  }
}

const VERBS: Record<RuleActionKind, { base: string; past: string; ing: string }> = {
  email: { base: 'email', past: 'Emailed', ing: 'Emailing' },
  forward: { base: 'forward', past: 'Forwarded', ing: 'Forwarding' },
  command: { base: 'run', past: 'Ran', ing: 'Running' },
};

/** What the try delivers, after its verb: "Jane Doe the Ebook (rule 'Ebook email')". */
function object(w: TryWords): string {
  const rule = `rule '${w.ruleName}'`;
  if (w.kind === 'email') {
    const what = (w.sale?.products ?? []).map(productLine).filter(Boolean).join(', ');
    return `${who(w)}${what ? ` the ${what}` : ''} (${rule})`;
  }
  if (w.kind === 'forward') return `the sale of ${who(w)} to ${host(w.action)} (${rule})`;
  return `the command of ${rule} for the sale of ${who(w)}`;
}

const sentence = (reason: string) => reason.trim().replace(/[.\s]+$/, '');

/** "Emailed Jane Doe the Ebook (rule 'Ebook email')." */
export function deliveredLine(w: TryWords): string {
  return `${VERBS[w.kind].past} ${object(w)}.`;
}

/** "Could not forward the sale of Jane Doe to shop.example (rule 'Shop'): …; trying again in 30 s." */
export function retryLine(w: TryWords, reason: string, waitMs: number): string {
  return `Could not ${VERBS[w.kind].base} ${object(w)}: ${sentence(reason)}; trying again in ${waitWords(waitMs)}.`;
}

/**
 * A try that failed after its sale was marked fulfilled by hand: the job waits for Undo.
 * "Could not email Jane Doe the Ebook (rule 'Ebook email'): …; held, as the sale is marked
 * fulfilled (Undo to deliver it)."
 */
export function heldLine(w: TryWords, reason: string): string {
  return `Could not ${VERBS[w.kind].base} ${object(w)}: ${sentence(reason)}; held, as the sale is marked fulfilled (Undo to deliver it).`;
}

/**
 * A try that found a licence key pool short while keys were being added to it: the job went
 * back to the queue at once rather than wait for more. `products`: the short ones, named.
 * "Emailing Jane Doe the Ebook (rule 'Ebook email'): keys for Ebook Pro (prod_7) were added
 * during the try, so it is tried again now."
 */
export function keysAddedMeanwhileLine(w: TryWords, products: string): string {
  return `${VERBS[w.kind].ing} ${object(w)}: keys for ${products} were added during the try, so it is tried again now.`;
}

/** "Emailing Jane Doe the Ebook (rule 'Ebook email') needs attention: …." */
export function attentionLine(w: TryWords, reason: string): string {
  return `${VERBS[w.kind].ing} ${object(w)} needs attention: ${sentence(reason)}.`;
}

/** A try cut short because this console was closing: it runs again, same idempotency key. */
export function interruptedLine(w: TryWords): string {
  return `${VERBS[w.kind].ing} ${object(w)} was cut short as Checkout Console stopped; it will be tried again.`;
}

// Reads what a refund event says about the sale it refunds: credit.created (a Quaderno credit
// note) and charge.refunded. No recording of either has been published (docs/quaderno-api.md,
// "Other events exist"), so every plausible link is accepted: the checkout session id, the
// processor's transaction id in transaction_details, and the credit note's own processor_id,
// payment and payments (quaderno-ruby's new_refund.yml: payments[].processor_id is the refunded
// charge, the note's processor_id that id with "_<unix time>" after it). Untrusted: all loose.
import { z } from 'zod';
import { looseNumber, sessionIdSchema } from './payload';

const text = z.string().min(1).max(500).nullish().catch(null);
const numeric = looseNumber;
const sessionId = sessionIdSchema.nullish().catch(null);
const payment = z.object({ processor_id: text, amount_cents: numeric }).partial().catch({});
// Bounded: a hostile body's thousand payments are read as its first few.
const MAX_PAYMENTS = 10;

const refundBody = z.object({
  data: z
    .object({
      object: z
        .object({
          transaction_details: z
            .object({
              session: sessionId,
              transaction: text,
              amount_cents: numeric,
              amount: text,
              currency: text,
            })
            .partial()
            .catch({}),
          processor_id: text,
          payment: payment.optional(),
          payments: z
            .array(z.unknown())
            .catch([])
            .transform((list) => list.slice(0, MAX_PAYMENTS).map((p) => payment.parse(p))),
          total_cents: numeric,
          amount_cents: numeric,
          currency: text,
        })
        .partial()
        .catch({}),
    })
    .partial()
    .catch({}),
});

export interface RefundFacts {
  sessionId: number | null;
  /** Processor transaction ids that may be the refunded sale's, most telling first. */
  transactions: string[];
  /** Hundredths of the major unit (Quaderno's cents), positive; null when none is said. */
  cents: number | null;
  currency: string | null;
}

function major(amount: string | null | undefined): number | null {
  return amount && /^-?\d+(\.\d+)?$/.test(amount) ? Number(amount) * 100 : null;
}

export function refundFacts(json: unknown): RefundFacts {
  const parsed = refundBody.safeParse(json);
  const o = parsed.success ? (parsed.data.data?.object ?? {}) : {};
  const d = o.transaction_details ?? {};
  const payments = [o.payment ?? {}, ...(o.payments ?? [])];
  const ids = [d.transaction, ...payments.map((p) => p.processor_id), o.processor_id];
  // The credit note's own processor_id is the charge's id with "_<unix time>" appended.
  const stripped = o.processor_id?.replace(/_\d{9,}$/, '');
  const transactions = [...new Set([...ids, stripped].filter((t): t is string => !!t))];
  const paid = payments.map((p) => p.amount_cents).find((c) => typeof c === 'number');
  const cents =
    d.amount_cents ?? major(d.amount) ?? o.total_cents ?? o.amount_cents ?? paid ?? null;
  // A credit note may state its total as negative: the refund is its size.
  const size = cents === null || !Number.isFinite(cents) ? null : Math.round(Math.abs(cents));
  const currency = (d.currency ?? o.currency ?? null)?.toUpperCase() ?? null;
  return { sessionId: d.session ?? null, transactions, cents: size, currency };
}

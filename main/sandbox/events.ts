import { randomAlphanumeric } from './random';
import { isObserved, permalinkOf, type CheckoutEventType, type SandboxContext } from './context';
import { observedEventObject } from './events-observed';
import type { SessionRecord } from './state';

// A plausible tax for the simulated charge: by billing country, else by the
// currency's home country. Prices are treated as tax-inclusive, so the total
// charged is simply the sum of the items.
export const TAX_BY_COUNTRY: Record<string, [string, number]> = {
  ES: ['VAT', 21.0],
  DE: ['VAT', 19.0],
  FR: ['VAT', 20.0],
  IT: ['VAT', 22.0],
  NL: ['VAT', 21.0],
  IE: ['VAT', 23.0],
  GB: ['VAT', 20.0],
  JP: ['JCT', 10.0],
  US: ['Sales tax', 0.0],
};
const HOME_COUNTRY: Record<string, string> = { EUR: 'ES', GBP: 'GB', JPY: 'JP', USD: 'US' };

export function sessionTotalCents(session: SessionRecord): number {
  return Math.round(session.items.reduce((sum, i) => sum + i.amount * i.quantity, 0));
}

export function countryOf(session: SessionRecord): string {
  const currency = session.items[0]?.currency ?? 'EUR';
  return session.customer.billing_country ?? HOME_COUNTRY[currency] ?? 'ES';
}

export function description(session: SessionRecord): string {
  return session.items.map((i) => i.name).join(', ');
}

/** Fixes the simulated contact and processor ids the first time an event needs them. */
function ensureIdentities(ctx: SandboxContext, session: SessionRecord): void {
  if (session.contact_id === null) {
    const given = session.customer.contact;
    session.contact_id = typeof given === 'number' ? given : ctx.state.nextId.contact++;
  }
  session.processor_customer ??= 'cus_' + randomAlphanumeric(14);
}

export function contact(session: SessionRecord): Record<string, unknown> {
  const c = session.customer;
  const fullName = c.company ?? ([c.first_name, c.last_name].filter((x) => x).join(' ') || null);
  return {
    id: session.contact_id,
    kind: c.company ? 'company' : 'person',
    first_name: c.first_name,
    last_name: c.last_name,
    full_name: fullName,
    email: c.email,
    country: countryOf(session),
    postal_code: c.billing_postal_code,
    street_line_1: c.billing_street_line_1,
    street_line_2: c.billing_street_line_2,
    city: c.billing_city,
    tax_id: c.tax_id,
    business_number: c.business_number,
    processor: 'stripe',
    processor_id: session.processor_customer,
  };
}

/** The charge a succeeded or failed payment reports, in the field order Quaderno sends. */
function chargeDetails(ctx: SandboxContext, session: SessionRecord): Record<string, unknown> {
  return {
    session: session.id,
    session_permalink: permalinkOf(ctx, session.token),
    gateway: 'stripe',
    type: 'charge',
    description: description(session),
    customer: session.processor_customer,
    email: session.customer.email,
  };
}

export function succeeded(ctx: SandboxContext, session: SessionRecord): Record<string, unknown> {
  session.processor_transaction ??= 'pi_' + randomAlphanumeric(24);
  const cents = sessionTotalCents(session);
  const [taxName, taxRate] = TAX_BY_COUNTRY[countryOf(session)] ?? ['VAT', 21.0];
  return {
    transaction_details: {
      ...chargeDetails(ctx, session),
      transaction: session.processor_transaction,
      product_id: session.items[0]?.product ?? null,
      tax_name: taxName,
      tax_rate: taxRate,
      extra_tax_name: null,
      extra_tax_rate: null,
      iat: Math.floor(ctx.now().getTime() / 1000),
      amount_cents: cents,
      // Hundredths of the major unit for every currency (see sessions.ts).
      amount: (cents / 100).toFixed(2),
      currency: session.items[0]?.currency ?? 'EUR',
    },
    contact: contact(session),
    message: { response_message: 'Checkout succeeded', status_code: 200 },
  };
}

function failed(ctx: SandboxContext, session: SessionRecord): Record<string, unknown> {
  return {
    transaction_details: {
      ...chargeDetails(ctx, session),
      product_id: session.items[0]?.product ?? null,
    },
    contact: contact(session),
    message: { response_message: 'Insufficient funds', status_code: 422 },
  };
}

function abandoned(session: SessionRecord): Record<string, unknown> {
  return {
    transaction_details: { session: session.id, description: description(session), plan: null },
    contact: {
      first_name: session.customer.first_name,
      last_name: session.customer.last_name,
      email: session.customer.email,
    },
  };
}

/** The exact body Quaderno POSTs: `{event_type, account_id, data: {object}}` (docs/quaderno-api.md). */
export function checkoutEventBody(
  ctx: SandboxContext,
  eventType: CheckoutEventType,
  session: SessionRecord,
): string {
  ensureIdentities(ctx, session);
  const object = isObserved(ctx)
    ? observedEventObject(ctx, eventType, session)
    : eventType === 'checkout.succeeded'
      ? succeeded(ctx, session)
      : eventType === 'checkout.failed'
        ? failed(ctx, session)
        : abandoned(session);
  return JSON.stringify({
    event_type: eventType,
    account_id: ctx.state.identityId,
    data: { object },
  });
}

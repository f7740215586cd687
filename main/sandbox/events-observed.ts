import type { CheckoutEventType, SandboxContext } from './context';
import { contact, countryOf, description, succeeded, TAX_BY_COUNTRY } from './events';
import type { SessionRecord } from './state';

// The observed profile's event objects (docs/quaderno-api.md, "Where the real service
// differs"): failed and abandoned events carry no session id, and products are priced before
// tax, so a sale's amount_cents is the items' sum plus tax.

function withTax(ctx: SandboxContext, session: SessionRecord): Record<string, unknown> {
  const object = succeeded(ctx, session);
  const details = object.transaction_details as Record<string, unknown>;
  const net = Number(details.amount_cents);
  const [, rate] = TAX_BY_COUNTRY[countryOf(session)] ?? ['VAT', 21.0];
  const gross = Math.round(net * (1 + rate / 100));
  return {
    ...object,
    transaction_details: {
      ...details,
      amount_cents: gross,
      amount: (gross / 100).toFixed(2),
      // Stands for fields we do not know of yet: a tolerant reader keeps or ignores them.
      coupon: null,
    },
  };
}

function failed(session: SessionRecord): Record<string, unknown> {
  return {
    message: { response_message: 'Insufficient funds', status_code: 422 },
    transaction_details: { gateway: 'stripe', type: 'charge', description: description(session) },
    contact: contact(session),
  };
}

function abandoned(session: SessionRecord): Record<string, unknown> {
  const c = session.customer;
  return {
    transaction_details: { description: description(session), plan: null },
    contact: {
      first_name: c.first_name,
      last_name: c.last_name,
      city: c.billing_city,
      country: countryOf(session),
      email: c.email,
    },
  };
}

export function observedEventObject(
  ctx: SandboxContext,
  eventType: CheckoutEventType,
  session: SessionRecord,
): Record<string, unknown> {
  if (eventType === 'checkout.succeeded') return withTax(ctx, session);
  return eventType === 'checkout.failed' ? failed(session) : abandoned(session);
}

// Quaderno's 422 field names (docs/quaderno-api.md: `customer.email`, `items[0].product`) mapped
// onto the contract's input paths, so the form highlights the field the merchant typed in.
import { ConsoleError } from '../errors';

const TOP_LEVEL: Record<string, string> = {
  success_url: 'successUrl',
  cancel_url: 'cancelUrl',
  payment_methods: 'paymentMethods',
  billing_details_collection: 'billingDetailsCollection',
  coupon_collection: 'couponCollection',
  locale: 'locale',
  items: 'items',
};

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function contractField(quadernoField: string): string {
  const parts = quadernoField.replace(/\[(\d+)\]/g, '.$1').split('.');
  const [head = '', ...rest] = parts;
  if (head === 'customer' && rest[0]) return `customer.${camel(rest[0])}`;
  if (head === 'items' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
    const field = rest[1] === 'amount' ? 'unitAmount' : rest[1];
    return field ? `items.${rest[0]}.${camel(field)}` : `items.${rest[0]}`;
  }
  return TOP_LEVEL[head] ?? '_';
}

/** A Quaderno 422 with the same field paths as the console's own validation. */
export function mapQuadernoRefusal(e: unknown): unknown {
  if (!(e instanceof ConsoleError) || e.code !== 'invalid_input' || !e.fields) return e;
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(e.fields)) {
    const key = contractField(field);
    fields[key] ??=
      key === '_' ? `Quaderno says: ${field} ${message}.` : `Quaderno says it ${message}.`;
  }
  return new ConsoleError('invalid_input', e.message, { fields, status: 422, cause: e });
}

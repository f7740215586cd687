// A delivery email filled in for one sale. The email goes out as text/plain only, so a customer's
// name or a product name holding "<script>" or "<a href>" reaches the inbox as those characters,
// never as markup: there is no HTML part to inject into.
import type { DeliveryPlaceholder, EmailAction } from '../../preload/contract-delivery';
import { productLine } from '../../preload/contract-live';
import { BRACED, meantDeliveryPlaceholder } from '../../preload/delivery-template';
import { formatMoney } from '../../preload/money';
import type { DeliveryPayload } from './types';

export interface RenderedEmail {
  /** The customer's address; null when the sale has none (the action refuses to send). */
  to: string | null;
  subject: string;
  body: string;
}

/** Each key on its own line; with several products, each names its product so none is mixed up. */
function licenceLines(payload: DeliveryPayload): string {
  const { products } = payload.sale;
  const named = new Set(products.map((p) => p.code)).size > 1;
  return payload.licenceKeys
    .map(({ productCode, key }) => {
      if (!named) return key;
      const product = products.find((p) => p.code === productCode);
      return `${product?.name ?? productCode}: ${key}`;
    })
    .join('\n');
}

/**
 * "there" when the sale names nobody, as the link email does, so "Hi {firstName}," still reads
 * as a greeting; {customerName} falls back to the address, the one thing every buyer has.
 */
function values(
  action: EmailAction,
  payload: DeliveryPayload,
  locale: string,
): Record<DeliveryPlaceholder, string> {
  const { sale } = payload;
  const name = sale.customerName?.trim().replace(/\s+/g, ' ') ?? '';
  return {
    customerName: name || (sale.customerEmail ?? ''),
    firstName: name.split(' ')[0] || 'there',
    customerEmail: sale.customerEmail ?? '',
    product: sale.products.map(productLine).join(', '),
    amount: formatMoney(sale.amount, sale.currency, locale),
    sessionId: String(sale.sessionId),
    downloadLink: action.downloadUrl ?? '',
    licenceKey: licenceLines(payload),
  };
}

/**
 * A rule is checked when saved, but one saved before a check changed may still hold a near miss
 * ({Licence_Key}): it is filled as meant rather than reaching the customer in braces.
 */
function fill(template: string, filled: Record<DeliveryPlaceholder, string>): string {
  return template.replace(BRACED, (braced, name: string) => {
    const meant = meantDeliveryPlaceholder(name);
    return meant ? filled[meant] : braced;
  });
}

/** The rule's email for this sale; amounts in `locale` ('en' unless the merchant's is known). */
export function renderDeliveryEmail(
  action: EmailAction,
  payload: DeliveryPayload,
  locale = 'en',
): RenderedEmail {
  const filled = values(action, payload, locale);
  // A header is one line: several keys or a stray newline in the subject join with commas.
  const subject = fill(action.subject, filled)
    .split(/\s*[\r\n]+\s*/)
    .filter(Boolean)
    .join(', ');
  return { to: payload.sale.customerEmail, subject, body: fill(action.body, filled) };
}

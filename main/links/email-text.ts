// The customer-ready email from the merchant's template in Settings.
import type { Link } from '../../preload/contract-links';
import { formatMoney } from '../../preload/money';
import { intendedPlaceholder, type EmailPlaceholder } from '../settings';

export function describeItems(link: Link): string {
  const names = link.items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.name}` : i.name));
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Settings refuses a template with a mistyped placeholder or without {link}, but one saved
 * before that check may still have them: a near miss is filled as meant, and a missing link is
 * added at the end, so Copy email never hands the customer an email they cannot pay through.
 */
export function emailText(template: string, link: Link): string {
  const values: Record<EmailPlaceholder, string> = {
    firstName: link.customer.firstName?.trim() || 'there',
    items: describeItems(link),
    total: link.currency ? formatMoney(link.total, link.currency) : '',
    link: link.permalink,
  };
  let linked = false;
  const text = template.replace(/\{([^{}\n]{1,40})\}/g, (braced, name: string) => {
    const meant = intendedPlaceholder(name);
    if (meant === 'link') linked = true;
    return meant ? values[meant] : braced;
  });
  return linked ? text : `${text}\n\n${link.permalink}`;
}

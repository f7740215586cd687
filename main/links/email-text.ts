// The customer-ready email from the merchant's template in Settings.
import type { Link } from '../../preload/contract-links';
import { formatMoney } from '../../preload/money';

export function describeItems(link: Link): string {
  const names = link.items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.name}` : i.name));
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export function emailText(template: string, link: Link): string {
  const values: Record<string, string> = {
    firstName: link.customer.firstName?.trim() || 'there',
    items: describeItems(link),
    total: link.currency ? formatMoney(link.total, link.currency) : '',
    link: link.permalink,
  };
  return template.replace(
    /\{(firstName|items|total|link)\}/g,
    (_, key: string) => values[key] ?? '',
  );
}

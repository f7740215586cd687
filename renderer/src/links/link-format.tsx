import type { Link, SessionStatus } from '../../../preload/contract';
import { customerDisplayName } from '../../../preload/customer-name';
import { formatMoney } from '../../../preload/money';
import { dateTime } from '../dates';

/** When a link was made, in the merchant's locale like every other date (renderer/src/dates.ts). */
export const formatWhen = dateTime;

export function customerName(link: Link): string {
  return customerDisplayName(link.customer) ?? (link.customer.email || 'No customer');
}

/** "2 × Café Guide (ebook), Tea Sampler" */
export function itemsSummary(link: Link): string {
  return link.items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.name}` : i.name)).join(', ');
}

export function linkTotal(link: Link): string {
  return formatMoney(link.total, link.currency);
}

export const statusLabels: Record<SessionStatus, string> = {
  pending: 'Open',
  processing: 'Paying',
  completed: 'Paid',
  failed: 'Failed',
  abandoned: 'Abandoned',
  deleted: 'Cancelled',
};

// The CLI's `link qr` refuses the same links the app shows no code or Copy link for.
export { canStillPay } from '../../../preload/link-qr';

export function StatusBadge({ status }: { status: SessionStatus }) {
  return <span className={`status status-${status}`}>{statusLabels[status]}</span>;
}

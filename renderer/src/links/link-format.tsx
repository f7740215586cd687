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

/** A cancelled, paid or failed link's checkout can no longer take a payment: nothing to send. */
export function canStillPay(status: SessionStatus): boolean {
  return status !== 'deleted' && status !== 'completed' && status !== 'failed';
}

export function StatusBadge({ status }: { status: SessionStatus }) {
  return <span className={`status status-${status}`}>{statusLabels[status]}</span>;
}

import type { Link, SessionStatus } from '../../../preload/contract';
import { formatMoney } from '../../../preload/money';

export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function customerName(link: Link): string {
  const name = [link.customer.firstName, link.customer.lastName].filter(Boolean).join(' ');
  return name || link.customer.email || 'No customer';
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

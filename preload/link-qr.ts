// The QR code of a checkout link, drawn the same way by the app (renderer/src/links/link-qr.tsx)
// and the CLI (main/links/qr.ts), and which links get one.
import type { Link, SessionStatus } from './contract-links';

/**
 * Level M survives a phone photo of a screen or a slightly creased print; the four-module quiet
 * zone is what the QR standard asks for, so the code still scans when pasted onto a dark page.
 */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** Pixels per module in a saved or copied PNG: a ~450 px square for a permalink, sharp in print. */
export const QR_PNG_SCALE = 10;

/** A cancelled, paid or failed link's checkout can no longer take a payment: nothing to send. */
export function canStillPay(status: SessionStatus): boolean {
  return status !== 'deleted' && status !== 'completed' && status !== 'failed';
}

/** What the image is, for a screen reader and as the alternative text of a pasted copy. */
export function qrLabel(customer: string): string {
  return `QR code for the link to ${customer}`;
}

/** The name a saved PNG suggests: the link's id keeps two codes for one customer apart. */
export function qrFileName(link: Pick<Link, 'id'>): string {
  return `checkout-link-${link.id}-qr.png`;
}

// A link's QR code as a PNG: for `link create --qr` / `link qr` and the app's Copy as image.
import type { Link } from '../../preload/contract-links';
import { canStillPay, QR_OPTIONS, QR_PNG_SCALE } from '../../preload/link-qr';
import { ConsoleError } from '../errors';

/** The permalink's QR code, black on white, as PNG bytes; nothing leaves the machine. */
export async function permalinkQrPng(permalink: string): Promise<Buffer> {
  // Imported on first use: only `link qr`, `link create --qr` and Copy as image draw a code, and
  // every other command would pay its ~45 ms import at start-up.
  const qrcode = await import('qrcode').catch((e: unknown) => {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new ConsoleError(
      'internal',
      `Checkout Console could not load its QR code library (${why}); reinstall Checkout Console.`,
    );
  });
  return qrcode.toBuffer(permalink, { ...QR_OPTIONS, type: 'png', scale: QR_PNG_SCALE });
}

/**
 * The code of a link a customer can still pay; a cancelled, paid or failed one has none, as
 * it has no Copy link in the app: a printed code would lead to a checkout that takes nothing.
 */
export async function linkQrPng(link: Link): Promise<Buffer> {
  if (!canStillPay(link.status)) {
    const why =
      link.status === 'deleted'
        ? 'cancelled'
        : link.status === 'failed'
          ? 'closed after a failed payment'
          : 'already paid';
    throw new ConsoleError(
      'conflict',
      `Link ${link.id} is ${why}, so it has no QR code: its checkout takes no payment. Create a new link instead.`,
    );
  }
  return permalinkQrPng(link.permalink);
}

/** Where Copy as image puts the PNG: Electron's clipboard in the app (main/index.ts). */
export interface ImageClipboard {
  /** Resolves once the image is on the clipboard (Electron's clipboard.write is async). */
  writeImage(png: Buffer): void | Promise<void>;
}

// The QR code library is imported when a code is first drawn, not when the console starts: an
// install that cannot load it fails `link qr` (and Copy as image) with what to do.
import { describe, expect, it, vi } from 'vitest';
import { permalinkQrPng } from '../../../main/links';
import { ConsoleError } from '../../../main/errors';

vi.mock('qrcode', () => {
  throw new Error("Cannot find package 'qrcode' imported from /app/out/cli/cli.mjs");
});

describe('a QR code when its library cannot be loaded', () => {
  // Vitest puts its own words first in a failed mock's error; the real import's first line is
  // Node's "Cannot find package 'qrcode'…".
  it('fails with what to do instead of an internal error', async () => {
    const drawn = permalinkQrPng('http://127.0.0.1:1/checkout/session/abc');
    await expect(drawn).rejects.toBeInstanceOf(ConsoleError);
    await expect(drawn).rejects.toThrow(
      /^Checkout Console could not load its QR code library \(.+\); reinstall Checkout Console\.$/,
    );
  });
});

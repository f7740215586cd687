// Reads a QR code PNG back to its text with a QR reader (jsqr), as a phone's camera would.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text the PNG's QR code holds; throws when no code can be read in it. */
export function decodeQrPng(png: Buffer): string {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const code = jsQR(pixels, image.width, image.height);
  if (!code) throw new Error(`No QR code could be read in the ${image.width}×${image.height} PNG.`);
  return code.data;
}

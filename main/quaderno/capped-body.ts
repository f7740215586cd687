// Reading an answer's body with a byte cap: no real Quaderno answer comes near it, and reading
// an unbounded one whole once took the CLI to 1.3 GB and then crashed on the string length.

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Thrown once a body passes the cap; the stream has been cancelled by then. */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The answer was larger than ${maxBytes} bytes.`);
  }
}

export async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Ends when the stream does or the cap is passed, whichever comes first.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** "32 MiB", "512 KiB", "900 bytes": the cap as a merchant reads it. */
export function describeBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  const kib = bytes / 1024;
  if (kib >= 1) return `${Math.round(kib)} KiB`;
  return `${bytes} bytes`;
}

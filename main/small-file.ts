// The console's own small files (the window's place, the daily summary's day, a lock holder's
// name): read whole, but never more than a bound. A file grown by mistake or by someone else
// (a symlink to a log, a device) is refused instead of read into memory.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Large enough for any of them many times over. */
export const SMALL_FILE_BYTES = 64 * 1024;

/** The file's text; throws when it is not a regular file of at most `maxBytes` bytes. */
export function readSmallText(file: string, maxBytes = SMALL_FILE_BYTES): string {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    // One byte more than allowed tells a file that grew since fstat from one at the bound.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) throw new Error(`${file} is larger than ${maxBytes} bytes`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

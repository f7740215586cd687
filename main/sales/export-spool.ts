// Export files go to disk as their rows are read (issue 16): a million sales must never be one
// string. Small synchronous writes between the store's batches (the export gives the event loop
// a turn every few milliseconds, see writeExportInTurns); the finished file is then handed to
// the saver, which may await (the save dialog) and reads it back in chunks.
import { closeSync, fchmodSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Where an export's text goes, in order. */
export interface TextSink {
  write(text: string): void;
}

// Rows go straight into one reused buffer: appended to a string instead, each 64 KB piece was a
// rope of row strings flattened into a copy on write, and what V8 moved to the old generation of
// those made the export's memory grow (+120 MB at 1,000,000 sales, though ~20 MB was live).
const WRITE_BYTES = 1 << 16;
// A UTF-16 code unit is at most 3 bytes of UTF-8 (a pair of them, 4).
const MAX_UTF8_PER_UNIT = 3;
// Read back in pieces of the same size: a piece of 1 MB was a string too large for V8's young
// generation, so every one read stayed as old-generation garbage until a full collection.
const READ_BYTES = WRITE_BYTES;

/**
 * A sink that writes `path` (0600: customer names and emails, or `mode`: the file it replaces)
 * in pieces of 64 KB; with `sync`, on disk once closed.
 */
export function fileSink(
  path: string,
  options: { mode?: number; sync?: boolean } = {},
): TextSink & { close(): void } {
  const fd = openSync(path, 'w', 0o600);
  // The umask does not narrow a mode set after the open, as it would the open's own.
  if (options.mode !== undefined) fchmodSync(fd, options.mode);
  const buffer = Buffer.allocUnsafe(WRITE_BYTES);
  let used = 0;
  const flush = () => {
    for (let done = 0; done < used;) done += writeSync(fd, buffer, done, used - done);
    used = 0;
  };
  return {
    write(text) {
      const most = text.length * MAX_UTF8_PER_UNIT;
      if (used + most > WRITE_BYTES) flush();
      if (most > WRITE_BYTES) writeSync(fd, text, null, 'utf8');
      else used += buffer.write(text, used, 'utf8');
    },
    close() {
      try {
        flush();
        if (options.sync) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** A file's text in chunks that each end at a line end (the CLI prints them as lines). */
export function* fileChunks(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(READ_BYTES);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      const text = carry + decoder.write(buffer.subarray(0, read));
      const end = text.lastIndexOf('\n') + 1;
      carry = text.slice(end);
      if (end > 0) yield text.slice(0, end);
    }
    const rest = carry + decoder.end();
    if (rest.length > 0) yield rest;
  } finally {
    closeSync(fd);
  }
}

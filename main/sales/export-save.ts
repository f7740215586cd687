// The export.csv method: writes the export's files to a folder of its own in the data folder,
// a row at a time and giving the receiver turns meanwhile, then hands each to the saver (the app's save dialog, or the CLI's file or
// stdout writer), which reads it back in chunks: memory stays flat however many sales there are.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportFormat, ExportResult } from '../../preload/contract';
import type { FulfillmentFilter } from '../store';
import { writeExportInTurns, type ExportWhat, type WrittenFile } from './export';
import { newExportFolder } from './export-folder';
import type { ExportStore } from './export-sales';
import { fileChunks, fileSink } from './export-spool';

/**
 * Saves `content` (the file's text in chunks, read as they are consumed) where the merchant
 * picks; null when they cancel. `part` is given when the export is split into files
 * (QuickBooks and Xero take at most 1,000 rows a file).
 */
export type SavePart = (
  suggestedName: string,
  content: Iterable<string>,
  part?: { index: number; count: number },
) => Promise<string | null>;

export interface ExportRequest {
  what: ExportWhat;
  format?: ExportFormat | undefined;
  filter?: FulfillmentFilter | undefined;
}

/** The store and where its file is: the export's own files go beside it, never in memory. */
export type SavedExportStore = ExportStore & { readonly file: string };

export async function saveExport(
  store: SavedExportStore,
  accountId: number,
  request: ExportRequest,
  save: SavePart,
  now: Date,
): Promise<ExportResult> {
  const folder = newExportFolder(dirname(store.file));
  try {
    const files = await writeFiles(store, accountId, request, now, folder);
    const rows = files.reduce((sum, f) => sum + f.rows, 0);
    if (files.length === 1) {
      const [only] = files;
      return { path: only ? await save(only.fileName, fileChunks(only.path)) : null, rows };
    }
    const saved: Array<{ path: string | null; rows: number }> = [];
    for (const [index, file] of files.entries()) {
      const part = { index, count: files.length };
      const path = await save(file.fileName, fileChunks(file.path), part);
      saved.push({ path, rows: file.rows });
      if (path === null) break;
    }
    return { path: saved[0]?.path ?? null, rows, files: saved };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function writeFiles(
  store: ExportStore,
  accountId: number,
  request: ExportRequest,
  now: Date,
  folder: string,
): Promise<Array<WrittenFile & { path: string }>> {
  // Each file is finished when the next opens: a split export holds one file's text at most.
  let open: ReturnType<typeof fileSink> | undefined;
  const path = (index: number) => join(folder, `${index + 1}.csv`);
  let written: WrittenFile[];
  try {
    written = await writeExportInTurns(
      store,
      accountId,
      request.what,
      {
        now,
        filter: request.filter ?? {},
        ...(request.format ? { format: request.format } : {}),
      },
      (index) => {
        open?.close();
        open = undefined;
        open = fileSink(path(index));
        return open;
      },
    );
  } finally {
    open?.close();
  }
  return written.map((file, i) => ({ ...file, path: path(i) }));
}

// The export.csv method: builds the export's files and hands each to the saver (the app's
// save dialog, or the CLI's file or stdout writer).
import type { ExportFormat, ExportResult } from '../../preload/contract';
import type { FulfillmentFilter } from '../store';
import { exportFiles, type ExportWhat } from './export';
import type { ExportStore } from './export-sales';

/**
 * Saves `content` where the merchant picks; null when they cancel. `part` is given when the
 * export is split into files (QuickBooks and Xero take at most 1,000 rows a file).
 */
export type SavePart = (
  suggestedName: string,
  content: string,
  part?: { index: number; count: number },
) => Promise<string | null>;

export interface ExportRequest {
  what: ExportWhat;
  format?: ExportFormat | undefined;
  filter?: FulfillmentFilter | undefined;
}

export async function saveExport(
  store: ExportStore,
  accountId: number,
  request: ExportRequest,
  save: SavePart,
  now: Date,
): Promise<ExportResult> {
  const files = exportFiles(store, accountId, request.what, {
    now,
    filter: request.filter ?? {},
    ...(request.format ? { format: request.format } : {}),
  });
  const rows = files.reduce((sum, f) => sum + f.rows, 0);
  if (files.length === 1) {
    const [only] = files;
    return { path: only ? await save(only.fileName, only.content) : null, rows };
  }
  const saved: Array<{ path: string | null; rows: number }> = [];
  for (const [index, file] of files.entries()) {
    const path = await save(file.fileName, file.content, { index, count: files.length });
    saved.push({ path, rows: file.rows });
    if (path === null) break;
  }
  return { path: saved[0]?.path ?? null, rows, files: saved };
}

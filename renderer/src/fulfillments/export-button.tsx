import { useState } from 'react';
import type { MethodResult } from '../../../preload/contract';
import { ErrorNotice } from '../components/error-notice';
import { useInvoke, type Invoker } from '../hooks/use-invoke';
import type { ListQuery } from './filters';

type Saved = NonNullable<MethodResult<'export.csv'>> & { path: string };

export interface CsvExport {
  exportCsv: Invoker<'export.csv'>;
  showInFolder: Invoker<'app.showInFolder'>;
  /** The file the last export wrote; null before one, or when the merchant cancelled. */
  saved: Saved | null;
  setSaved(saved: Saved | null): void;
}

/** One export's state, shared by the button in the header and its message below it. */
export function useCsvExport(): CsvExport {
  const exportCsv = useInvoke('export.csv');
  const showInFolder = useInvoke('app.showInFolder');
  const [saved, setSaved] = useState<Saved | null>(null);
  return { exportCsv, showInFolder, saved, setSaved };
}

/** The sales the screen shows, as CSV through the app's save dialog; works offline (SQLite). */
export function ExportButton({ csv, filter }: { csv: CsvExport; filter: ListQuery }) {
  const { exportCsv, showInFolder, setSaved } = csv;
  return (
    <button
      type="button"
      className="button"
      disabled={exportCsv.busy}
      onClick={async () => {
        setSaved(null);
        showInFolder.clearError();
        const outcome = await exportCsv.run(
          Object.keys(filter).length > 0
            ? { what: 'fulfillments', filter }
            : { what: 'fulfillments' },
        );
        if (!outcome.ok) return;
        const { path, rows } = outcome.value;
        setSaved(path ? { path, rows } : null);
      }}
    >
      {exportCsv.busy ? 'Exporting…' : 'Export CSV'}
    </button>
  );
}

/**
 * What the export did, below the header rather than in it: a message that wraps there moves
 * nothing the merchant is about to click. Always in the page, so screen readers hear it change.
 */
export function ExportStatus({ csv }: { csv: CsvExport }) {
  const { saved, exportCsv, showInFolder } = csv;
  return (
    <div className="export-status" role="status">
      {saved ? (
        <p className="export-saved">
          <span>
            Saved {saved.rows.toLocaleString()} {saved.rows === 1 ? 'sale' : 'sales'} to{' '}
            {saved.path}
          </span>{' '}
          <button
            type="button"
            className="button button-small"
            disabled={showInFolder.busy}
            onClick={() => void showInFolder.run({ path: saved.path })}
          >
            Show in folder
          </button>
        </p>
      ) : null}
      <ErrorNotice error={exportCsv.error ?? showInFolder.error} />
    </div>
  );
}

import { useState } from 'react';
import { ErrorNotice } from '../components/error-notice';
import { useInvoke } from '../hooks/use-invoke';
import type { ListQuery } from './filters';

/** The sales the screen shows, as CSV through the app's save dialog; works offline (SQLite). */
export function ExportButton({ filter }: { filter: ListQuery }) {
  const exportCsv = useInvoke('export.csv');
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="export">
      <button
        type="button"
        className="button"
        disabled={exportCsv.busy}
        onClick={async () => {
          setDone(null);
          const outcome = await exportCsv.run(
            Object.keys(filter).length > 0
              ? { what: 'fulfillments', filter }
              : { what: 'fulfillments' },
          );
          if (!outcome.ok) return;
          const { path, rows } = outcome.value;
          setDone(
            path
              ? `Saved ${rows.toLocaleString()} ${rows === 1 ? 'sale' : 'sales'} to ${path}`
              : null,
          );
        }}
      >
        {exportCsv.busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <span className="export-status" role="status">
        {done ?? ''}
      </span>
      <ErrorNotice error={exportCsv.error} />
    </div>
  );
}

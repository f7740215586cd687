import { useState } from 'react';
import { ErrorNotice } from '../components/error-notice';
import { useInvoke } from '../hooks/use-invoke';

/** Every sale as CSV through the app's save dialog; works offline (it reads SQLite). */
export function ExportButton() {
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
          const outcome = await exportCsv.run({ what: 'fulfillments' });
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

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ExportFormat } from '../../../preload/contract';
import { localTimeZone } from '../../../preload/time-zone';
import { BusyButton } from '../components/busy-button';
import { ErrorNotice } from '../components/error-notice';
import { useInvoke, type Invoker } from '../hooks/use-invoke';
import type { ListQuery } from './filters';

/** What the last export wrote: every file saved, in order (a preset splits at 1,000 rows). */
interface Saved {
  what: 'fulfillments' | 'links';
  rows: number;
  paths: string[];
  /** Files the export would have written in all; more than `paths` when a dialog was cancelled. */
  planned: number;
}

export interface CsvExport {
  exportCsv: Invoker<'export.csv'>;
  showInFolder: Invoker<'app.showInFolder'>;
  /** The files the last export wrote; null before one, or when the merchant cancelled. */
  saved: Saved | null;
  setSaved(saved: Saved | null): void;
}

/** One export's state, shared by the menu in the header and its message below it. */
export function useCsvExport(): CsvExport {
  const exportCsv = useInvoke('export.csv');
  const showInFolder = useInvoke('app.showInFolder');
  const [saved, setSaved] = useState<Saved | null>(null);
  return { exportCsv, showInFolder, saved, setSaved };
}

interface ExportChoice {
  label: string;
  what: 'fulfillments' | 'links';
  format?: ExportFormat;
}

/** The menu's items, in order; sales follow the screen's filter, links are all links. */
export const exportChoices: readonly ExportChoice[] = [
  // No format: main's default (csv), the input the single Export CSV button always sent.
  { label: 'Sales (CSV)', what: 'fulfillments' },
  { label: 'Sales (CSV for Excel)', what: 'fulfillments', format: 'csv-excel' },
  { label: 'Xero bank statement', what: 'fulfillments', format: 'xero' },
  { label: 'QuickBooks (3 columns)', what: 'fulfillments', format: 'qbo3' },
  { label: 'QuickBooks (4 columns)', what: 'fulfillments', format: 'qbo4' },
  { label: 'Links (CSV)', what: 'links' },
];

/**
 * The sales the screen shows (or all links) through the app's save dialog; works offline
 * (SQLite). A menu button as WAI-ARIA describes it, so keyboard and screen reader users get the
 * same six choices: arrows move, Escape closes and gives the focus back to the button.
 */
export function ExportButton({ csv, filter }: { csv: CsvExport; filter: ListQuery }) {
  const { exportCsv, showInFolder, setSaved } = csv;
  const [open, setOpen] = useState(false);
  // Which item takes the focus once the menu is drawn: the first or last, by the key that opened it.
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    if (open) items.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    // A click anywhere else closes the menu, as a native menu does; the focus stays where it went.
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const openAt = (index: number) => {
    setActive(index);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const choose = async (choice: ExportChoice) => {
    close();
    setSaved(null);
    showInFolder.clearError();
    const sales = choice.what === 'fulfillments' && Object.keys(filter).length > 0;
    // A bank statement dates its lines by the day here, where the date filter's days are.
    const statement =
      choice.format === 'xero' || choice.format === 'qbo3' || choice.format === 'qbo4';
    const outcome = await exportCsv.run({
      what: choice.what,
      ...(choice.format ? { format: choice.format } : {}),
      ...(sales ? { filter } : {}),
      ...(statement ? localTimeZone() : {}),
    });
    if (!outcome.ok) return;
    const { path, rows, files } = outcome.value;
    const all = files ?? [{ path, rows }];
    const written = all.filter((f): f is { path: string; rows: number } => f.path !== null);
    setSaved(
      written.length > 0
        ? {
            what: choice.what,
            rows: written.reduce((sum, f) => sum + f.rows, 0),
            paths: written.map((f) => f.path),
            planned: all.length,
          }
        : null,
    );
  };

  const last = exportChoices.length - 1;
  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openAt(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(last);
    }
  };
  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: active === last ? 0 : active + 1,
      ArrowUp: active === 0 ? last : active - 1,
      Home: 0,
      End: last,
    };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      setActive(to);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="export-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="button"
        id="export-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="export-menu"
        // Not `disabled`: the focus comes back here from the chosen item while the export runs,
        // and a disabled button would drop it to the page's body.
        aria-disabled={exportCsv.busy}
        onKeyDown={(event) => {
          if (!exportCsv.busy) onButtonKey(event);
        }}
        onClick={() => {
          if (exportCsv.busy) return;
          if (open) setOpen(false);
          else openAt(0);
        }}
      >
        {exportCsv.busy ? (
          'Exporting…'
        ) : (
          // The arrow is drawn for the eye; the button's name is "Export" (aria-haspopup says menu).
          <>
            Export <span aria-hidden="true">▾</span>
          </>
        )}
      </button>
      {open ? (
        <div
          className="export-menu-list"
          id="export-menu"
          role="menu"
          aria-labelledby="export-menu-button"
          onKeyDown={onMenuKey}
        >
          {exportChoices.map((choice, index) => (
            <button
              key={choice.label}
              ref={(el) => {
                items.current[index] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={index === active ? 0 : -1}
              className="export-menu-item"
              onMouseEnter={() => setActive(index)}
              onClick={() => void choose(choice)}
            >
              {choice.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** "Saved 7 sales to /a.csv", or for a split "Saved 1,001 sales in 2 files: /a.csv, /b.csv". */
export function savedMessage(saved: Saved): string {
  const noun = saved.what === 'links' ? 'link' : 'sale';
  const count = `${saved.rows.toLocaleString()} ${saved.rows === 1 ? noun : `${noun}s`}`;
  const where =
    saved.planned > 1
      ? `in ${saved.paths.length} ${saved.paths.length === 1 ? 'file' : 'files'}: ${saved.paths.join(', ')}`
      : `to ${saved.paths[0] ?? ''}`;
  const rest =
    saved.paths.length < saved.planned
      ? ` (${saved.planned - saved.paths.length} more not saved: the save was cancelled)`
      : '';
  return `Saved ${count} ${where}${rest}`;
}

/**
 * What the export did, below the header rather than in it: a message that wraps there moves
 * nothing the merchant is about to click. Always in the page, so screen readers hear it change.
 * A refused preset (sales in several currencies) shows main's message, which names them and
 * points at the currency filter.
 */
export function ExportStatus({ csv }: { csv: CsvExport }) {
  const { saved, exportCsv, showInFolder } = csv;
  const lastFile = saved?.paths.at(-1);
  return (
    <div className="export-status" role="status">
      {saved && lastFile ? (
        <p className="export-saved">
          <span>{savedMessage(saved)}</span>{' '}
          <BusyButton
            className="button button-small"
            waiting={showInFolder.busy}
            onClick={() => void showInFolder.run({ path: lastFile })}
          >
            Show in folder
          </BusyButton>
        </p>
      ) : null}
      <ErrorNotice error={exportCsv.error ?? showInFolder.error} />
    </div>
  );
}

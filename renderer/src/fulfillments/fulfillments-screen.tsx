import { useCallback, useMemo, useState } from 'react';
import type { Fulfillment } from '../../../preload/contract';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice } from '../components/error-notice';
import { ExportButton, ExportStatus, useCsvExport } from './export-button';
import { toErrorPayload } from '../errors';
import { useFocusWhenRowLeaves } from '../hooks/use-focus-when-row-leaves';
import { useAfterPaint } from '../hooks/use-after-paint';
import { useEvent } from '../hooks/use-event';
import { useDayRequests, useFocusRequests, useLocalChanges, useRowsFirst } from './desk-signals';
import { FilterBar } from './filter-bar';
import { isFiltered, noFilters, toListQuery, type FilterState } from './filters';
import { utcOffsetMinutes } from './format';
import { SaleDetail } from './sale-detail';
import { SaleList } from './sale-list';
import { SalesSummary } from './sales-summary';
import { useDeskSummary } from './use-desk-summary';
import { useFulfillmentPages } from './use-fulfillment-pages';
import { useHighlights } from './use-highlights';
import { useOpenSale } from './use-open-sale';
import { useRetained } from './use-retained';
import { useSaleActions } from './use-sale-actions';
import { SaleSoundQuestion } from '../settings/desk-preferences-question';
import './fulfillments.css';

/** The desk: every sale as it happens, its delivery state, totals and a 30-day chart. */
export function FulfillmentsScreen() {
  const [filters, setFilters] = useRetained<FilterState>('desk.filters', noFilters);
  const [filterBarKey, setFilterBarKey] = useState(0);
  // The bar keeps its search box's text itself: a new key empties it.
  const showOnly = (next: FilterState) => {
    setFilters(next);
    setFilterBarKey((k) => k + 1);
  };
  const clearFilters = () => showOnly(noFilters);
  const listQuery = toListQuery(filters);
  const pages = useFulfillmentPages(listQuery);
  const highlights = useHighlights();
  const openSale = useOpenSale();
  const { sale: open, show: setOpen, take, reread } = openSale;
  // Why the sale a notification asked for could not be read (main's words say what happened).
  const [focusError, setFocusError] = useState<Error | null>(null);
  // Notes typed per sale survive closing the detail, leaving the screen, or a failed save.
  const [notes, setNotes] = useRetained<Record<number, string>>('desk.notes', {});
  const {
    totals,
    chart,
    error: summaryError,
    reload: reloadSummary,
  } = useDeskSummary(utcOffsetMinutes());

  const { replace, refresh, refreshed, isLoaded } = pages;
  useRowsFirst(refreshed);
  const onUpdated = useCallback(
    (sale: Fulfillment) => {
      replace(sale);
      take(sale);
    },
    [replace, take],
  );
  const actions = useSaleActions(onUpdated);
  const csv = useCsvExport();
  // The row whose action failed, while the list is read again: if it goes (main no longer has
  // the sale), its button took the focus with it, and the failure's words take it instead.
  const [failedRowRef, watchFailedRow] = useFocusWhenRowLeaves<HTMLParagraphElement>(isLoaded);
  // An action outranks the reads begun before it. When it fails, main may have changed the sale
  // (or no longer have it) without the page hearing: the detail and the rows are read again, so
  // the merchant sees it as it is instead of being told to refresh.
  const act = (sale: Fulfillment, run: () => Promise<Fulfillment | null>) => {
    openSale.acting(sale.id);
    watchFailedRow(null);
    void run().then((answer) => {
      if (answer !== null) return;
      watchFailedRow(sale.id);
      reread(sale.id);
      refresh();
    });
  };
  const mark = (sale: Fulfillment, note?: string) => act(sale, () => actions.mark(sale, note));
  const undo = (sale: Fulfillment) => act(sale, () => actions.undo(sale));

  // The new row first: the summary (and the nav count) wait for its read (afterRows).
  useEvent('fulfillments.changed', ({ ids }) => {
    highlights.add(ids.filter((id) => !isLoaded(id)));
    refresh();
    reloadSummary();
    // An open detail follows its sale: a rule may fulfil it (or another window undo it) while
    // the merchant reads it, and a stale "To deliver" would offer to mark it again.
    if (open && ids.includes(open.id)) reread(open.id);
  });
  useLocalChanges(reloadSummary);
  useDayRequests(({ from, to }) => showOnly({ ...noFilters, from, to }));
  useFocusRequests((id) => {
    openSale.openById(id, {
      opened: (sale) => {
        setFocusError(null);
        highlights.add([sale.id]);
      },
      failed: (e) => setFocusError(notificationFailure(e)),
    });
  });

  const currencies = [
    ...new Set([...(chart?.currencies ?? []), ...(totals?.days30 ?? []).map((t) => t.currency)]),
  ].sort();
  const filtered = isFiltered(filters);
  // The sales first: the chart is drawn once the list's first answer is on screen.
  const drawChart = useAfterPaint(pages.total !== null || pages.error !== null);
  // The same element while its data is the same: a new sale's row is drawn without redrawing
  // the chart first (recharts is most of a render); the chart follows when its answer comes.
  const summary = useMemo(
    () => <SalesSummary totals={totals} chart={chart} error={summaryError} drawChart={drawChart} />,
    [totals, chart, summaryError, drawChart],
  );

  return (
    <div className="desk">
      <div className="desk-top">
        <div className="desk-head">
          <h1>Fulfilments</h1>
          <ExportButton csv={csv} filter={listQuery} />
        </div>
        <ExportStatus csv={csv} />
      </div>
      {summary}
      <FilterBar
        key={filterBarKey}
        value={filters}
        currencies={currencies}
        onChange={setFilters}
        onClear={clearFilters}
      />
      {pages.error ? (
        <div className="list-error">
          <ErrorNotice error={pages.error} />
          <button type="button" className="button" onClick={refresh}>
            Try again
          </button>
        </div>
      ) : null}
      <ErrorNotice error={open ? null : (actions.error ?? focusError)} ref={failedRowRef} />
      <p className="list-count" role="status">
        {pages.total === null ? '' : countLine(pages.total, filtered, pages.totalIsLowerBound)}
      </p>
      {pages.total === 0 && !filtered ? (
        <EmptyState title="Nothing to fulfil yet">
          <p>
            When a customer pays through one of your links, the sale appears here at once with their
            email and what they bought, so you can deliver it and mark it as fulfilled.
          </p>
          <p>
            Sales are kept on this computer, so this list stays readable even without a network.
          </p>
        </EmptyState>
      ) : null}
      {pages.total === 0 && filtered ? (
        <EmptyState title="No sales match these filters">
          <p>Try another search, or widen the dates.</p>
          <button type="button" className="button" onClick={clearFilters}>
            Clear filters
          </button>
        </EmptyState>
      ) : null}
      {pages.total ? (
        <SaleList
          pages={pages}
          highlighted={highlights.ids}
          busyIds={actions.busyIds}
          onOpen={(sale) => {
            actions.clearError();
            setFocusError(null);
            setOpen(sale);
          }}
          onMark={(sale) => mark(sale, notes[sale.id])}
          onUndo={undo}
        />
      ) : null}
      {/* After the sales, never above them: on a small window the list comes first. */}
      {pages.total !== null ? <SaleSoundQuestion /> : null}
      {open ? (
        <SaleDetail
          key={open.id}
          sale={open}
          note={notes[open.id] ?? ''}
          busy={actions.busyIds.has(open.id)}
          error={actions.error}
          refreshFailure={openSale.failure}
          refreshing={openSale.retrying}
          onRefresh={openSale.retry}
          onNote={(note) => setNotes((n) => ({ ...n, [open.id]: note }))}
          onMark={mark}
          onUndo={undo}
          onClose={() => {
            actions.clearError();
            setOpen(null);
          }}
        />
      ) : null}
    </div>
  );
}

/** Why a notification's sale is not shown: main's words say what happened, wherever they show. */
function notificationFailure(e: unknown): Error {
  const { message } = toErrorPayload(e);
  return new Error(`The sale from that notification could not be opened: ${message}`);
}

/** "1,234 sales", or "5,200+ sales" when a search with many hits stopped counting. */
function countLine(total: number, filtered: boolean, atLeast: boolean): string {
  const count = `${total.toLocaleString()}${atLeast ? '+' : ''}`;
  const sales = `${count} ${total === 1 && !atLeast ? 'sale' : 'sales'}`;
  return filtered ? `${sales} match` : sales;
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Fulfillment } from '../../../preload/contract';
import { PlaceholderRow, SaleRow } from './sale-row';
import type { FulfillmentPages } from './use-fulfillment-pages';

// A row of one line; a row whose email or products wrap is measured as drawn.
const ROW_HEIGHT = 64;

interface SaleListProps {
  pages: FulfillmentPages;
  highlighted: ReadonlySet<number>;
  busyIds: ReadonlySet<number>;
  onOpen(sale: Fulfillment): void;
  onMark(sale: Fulfillment): void;
  onUndo(sale: Fulfillment): void;
}

/** Only the rows in view are in the DOM, so the list stays smooth at 100,000 sales. */
export function SaleList({ pages, highlighted, busyIds, onOpen, onMark, onUndo }: SaleListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const total = pages.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here, and nothing memoises the virtualizer's methods: it re-renders the list on every scroll.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { showRange } = pages;
  useEffect(() => showRange(first, last), [showRange, first, last]);

  return (
    <div
      className="sale-table"
      role="table"
      aria-label="Sales"
      // -1: the number of rows is not known yet (ARIA), while a search is still counting.
      aria-rowcount={pages.totalIsLowerBound ? -1 : total + 1}
    >
      <div className="sale-row sale-head" role="row" aria-rowindex={1}>
        <div role="columnheader">Time</div>
        <div role="columnheader">Customer</div>
        <div role="columnheader">Products · source</div>
        <div role="columnheader">Amount · tax</div>
        <div role="columnheader">Status</div>
      </div>
      <div className="sale-scroller" ref={scroller} role="rowgroup">
        <div className="sale-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const sale = pages.row(item.index);
            return (
              <div
                key={sale ? `sale-${sale.id}` : `row-${item.index}`}
                className="sale-slot"
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {sale ? (
                  <SaleRow
                    sale={sale}
                    highlighted={highlighted.has(sale.id)}
                    busy={busyIds.has(sale.id)}
                    onOpen={onOpen}
                    onMark={onMark}
                    onUndo={onUndo}
                  />
                ) : (
                  <PlaceholderRow />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

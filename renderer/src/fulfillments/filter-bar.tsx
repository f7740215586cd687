import { useEffect, useId, useState } from 'react';
import { noFilters, type FilterState } from './filters';

interface FilterBarProps {
  value: FilterState;
  currencies: readonly string[];
  onChange(next: FilterState): void;
  /** The screen remounts the bar (new key) on clear, which also empties the search box. */
  onClear(): void;
}

const SEARCH_DELAY_MS = 250;

/** Status, currency, date range and a search box; typing waits for a pause before querying. */
export function FilterBar({ value, currencies, onChange, onClear }: FilterBarProps) {
  const id = useId();
  const [search, setSearch] = useState(value.search);
  useEffect(() => {
    if (search === value.search) return;
    const timer = setTimeout(() => onChange({ ...value, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, value, onChange]);

  const set = (patch: Partial<FilterState>) => onChange({ ...value, search, ...patch });
  const options = [...new Set([...currencies, ...(value.currency ? [value.currency] : [])])];
  const active = JSON.stringify({ ...value, search }) !== JSON.stringify(noFilters);

  return (
    <form className="filter-bar" role="search" onSubmit={(e) => e.preventDefault()}>
      <div className="filter filter-search">
        <label htmlFor={`${id}-search`}>Search</label>
        <input
          id={`${id}-search`}
          type="search"
          name="search"
          placeholder="Email, name, product or session id"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div className="filter">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          name="status"
          value={value.status}
          onChange={(e) => {
            const status = e.target.value;
            set({ status: status === 'new' || status === 'fulfilled' ? status : '' });
          }}
        >
          <option value="">All</option>
          <option value="new">To deliver</option>
          <option value="fulfilled">Fulfilled</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-currency`}>Currency</label>
        <select
          id={`${id}-currency`}
          name="currency"
          value={value.currency}
          onChange={(e) => set({ currency: e.target.value })}
        >
          <option value="">All</option>
          {options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          name="from"
          value={value.from}
          max={value.to || undefined}
          onChange={(e) => set({ from: e.target.value })}
        />
      </div>
      <div className="filter">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          name="to"
          value={value.to}
          min={value.from || undefined}
          onChange={(e) => set({ to: e.target.value })}
        />
      </div>
      {active ? (
        <button type="button" className="button button-quiet filter-clear" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
    </form>
  );
}

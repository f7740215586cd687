import { useEffect, useState } from 'react';
import { SelectField } from '../components/choice-fields';
import { TextField, textBinder } from '../components/text-field';
import { noFilters, type FilterState } from './filters';

interface FilterBarProps {
  value: FilterState;
  currencies: readonly string[];
  onChange(next: FilterState): void;
  /** The screen remounts the bar (new key) on clear, which also empties the search box. */
  onClear(): void;
}

const SEARCH_DELAY_MS = 250;

const statusOptions: ReadonlyArray<{ value: FilterState['status']; label: string }> = [
  { value: '', label: 'All' },
  { value: 'new', label: 'To deliver' },
  { value: 'fulfilled', label: 'Fulfilled' },
];

/** Status, currency, date range and a search box; typing waits for a pause before querying. */
export function FilterBar({ value, currencies, onChange, onClear }: FilterBarProps) {
  const [search, setSearch] = useState(value.search);
  useEffect(() => {
    if (search === value.search) return;
    const timer = setTimeout(() => onChange({ ...value, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, value, onChange]);

  const set = (patch: Partial<FilterState>) => onChange({ ...value, search, ...patch });
  const options = [...new Set([...currencies, ...(value.currency ? [value.currency] : [])])];
  const date = textBinder<'from' | 'to'>(value, set);
  const active = JSON.stringify({ ...value, search }) !== JSON.stringify(noFilters);

  return (
    <form className="filter-bar" role="search" onSubmit={(e) => e.preventDefault()}>
      <TextField
        fieldClass="filter filter-search"
        label="Search"
        type="search"
        name="search"
        placeholder="Email, name, product or session id"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <SelectField
        fieldClass="filter"
        label="Status"
        name="status"
        value={value.status}
        options={statusOptions}
        onChange={(status) => set({ status })}
      />
      <SelectField
        fieldClass="filter"
        label="Currency"
        name="currency"
        value={value.currency}
        options={[{ value: '', label: 'All' }, ...options.map((c) => ({ value: c, label: c }))]}
        onChange={(currency) => set({ currency })}
      />
      <TextField
        fieldClass="filter"
        label="From"
        type="date"
        max={value.to || undefined}
        {...date('from')}
      />
      <TextField
        fieldClass="filter"
        label="To"
        type="date"
        min={value.from || undefined}
        {...date('to')}
      />
      {active ? (
        <button type="button" className="button button-quiet filter-clear" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
    </form>
  );
}

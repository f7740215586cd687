import { useId, useState, type KeyboardEvent } from 'react';
import type { Product } from '../../../preload/contract';
import { productPrice } from './product-price';
import { FieldError } from '../components/field-error';

const MAX_SHOWN = 50;

/** Products whose name, code or description contains every typed word. */
export function filterProducts(products: Product[], query: string): Product[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = products.filter((p) => {
    const text = `${p.name} ${p.code} ${p.description ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  return matches.slice(0, MAX_SHOWN);
}

interface ProductPickerProps {
  label: string;
  products: Product[];
  /** The picked product code, '' for none. */
  value: string;
  onChange(code: string): void;
  error?: string | undefined;
}

/**
 * A search box with a list of matching products (the ARIA combobox pattern):
 * type to filter, arrows to move, Enter or a click to pick, Escape to close.
 */
export function ProductPicker({ label, products, value, onChange, error }: ProductPickerProps) {
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const selected = products.find((p) => p.code === value);
  // Null while not typing: the box shows the picked product's name.
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = filterProducts(products, query ?? '');
  const activeProduct = open ? matches[active] : undefined;

  function pick(product: Product) {
    onChange(product.code);
    setQuery(null);
    setOpen(false);
  }

  function move(by: number) {
    if (!open) {
      setOpen(true);
      return;
    }
    if (matches.length === 0) return;
    setActive((a) => (a + by + matches.length) % matches.length);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' && activeProduct) {
      // Picking, not submitting the form.
      event.preventDefault();
      pick(activeProduct);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setQuery(null);
    }
  }

  function onBlur() {
    setOpen(false);
    // A typed name that matches exactly one product counts as picking it.
    const only = query !== null && query.trim() !== '' && matches.length === 1 ? matches[0] : null;
    if (only) onChange(only.code);
    setQuery(null);
  }

  return (
    <div className={error ? 'field product-picker field-invalid' : 'field product-picker'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search your products"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeProduct ? `${listId}-${activeProduct.code}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={query ?? selected?.name ?? value}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
      />
      {selected && query === null ? (
        <p className="field-hint">
          {productPrice(selected)} each
          {selected.currency === null ? null : ` · ${selected.currency}`}
        </p>
      ) : null}
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} matches`}
        hidden={!open}
        className="picker-list"
      >
        {matches.map((p, index) => (
          <li
            key={p.code}
            id={`${listId}-${p.code}`}
            role="option"
            aria-selected={index === active}
            className="picker-option"
            // Keep focus in the box so blur does not close the list before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(p)}
          >
            <span className="picker-name">{p.name}</span>
            <span className="picker-price">
              {productPrice(p)}
              {p.currency === null ? null : (
                <>
                  {' '}
                  <span className="muted">{p.currency}</span>
                </>
              )}
            </span>
          </li>
        ))}
        {matches.length === 0 ? (
          <li className="picker-empty" role="option" aria-selected={false} aria-disabled>
            No product matches. Sync the catalogue if you added it in Quaderno.
          </li>
        ) : null}
      </ul>
      <FieldError id={errorId} error={error} />
    </div>
  );
}

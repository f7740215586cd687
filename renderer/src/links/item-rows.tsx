import type { Product } from '../../../preload/contract';
import { FieldError } from '../components/field-error';
import { TextField } from '../components/text-field';
import { emptyItem, parsePrice, type ItemDraft } from './link-draft';
import { ProductPicker } from './product-picker';
import { priceText, productPrice } from './product-price';

interface ItemRowsProps {
  items: ItemDraft[];
  products: Product[];
  fields: Partial<Record<string, string>>;
  onChange(items: ItemDraft[]): void;
}

function lineTotal(item: ItemDraft, product: Product | undefined): string | null {
  if (!product) return null;
  const quantity = Number(item.quantity);
  if (!Number.isInteger(quantity) || quantity < 1) return null;
  if (item.price.trim() === '') return priceText(product.unitAmount * quantity, product.currency);
  // A price for a product of unknown currency is in the currency typed next to it.
  const currency = product.currency ?? (item.currency?.trim().toUpperCase() || null);
  if (currency === null || !/^[A-Z]{3}$/.test(currency)) return null;
  let unit: number | null = null;
  try {
    unit = parsePrice(item.price, currency);
  } catch {
    return null; // not a currency Intl knows: the form says so on submit
  }
  return unit === null ? null : priceText(unit * quantity, currency);
}

/** What is being sold: one row per product, each with its quantity and an optional price. */
export function ItemRows({ items, products, fields, onChange }: ItemRowsProps) {
  const update = (key: number, patch: Partial<ItemDraft>) =>
    onChange(items.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  return (
    <fieldset className="fieldset item-rows">
      <legend>Products</legend>
      <FieldError error={fields.items} />
      <ol className="stack-list item-list">
        {items.map((item, index) => {
          const product = products.find((p) => p.code === item.product);
          const n = items.length > 1 ? ` ${index + 1}` : '';
          const total = lineTotal(item, product);
          return (
            <li
              key={item.key}
              className={product?.currency === null ? 'item-row item-row-currency' : 'item-row'}
            >
              <ProductPicker
                label={`Product${n}`}
                products={products}
                value={item.product}
                onChange={(code) => update(item.key, { product: code })}
                error={fields[`items.${index}.product`]}
              />
              <TextField
                label={`Quantity${n}`}
                name={`items.${index}.quantity`}
                inputMode="numeric"
                className="input-narrow"
                value={item.quantity}
                onChange={(e) => update(item.key, { quantity: e.target.value })}
                error={fields[`items.${index}.quantity`]}
              />
              <TextField
                label={`Price${n} (optional)`}
                name={`items.${index}.price`}
                inputMode="decimal"
                placeholder={product ? formatPriceHint(product) : ''}
                value={item.price}
                onChange={(e) => update(item.key, { price: e.target.value })}
                error={
                  fields[`items.${index}.unitAmount`] ??
                  (product?.currency === null ? undefined : fields[`items.${index}.currency`])
                }
              />
              {product?.currency === null ? (
                <TextField
                  label={`Currency${n}`}
                  name={`items.${index}.currency`}
                  className="input-narrow"
                  autoComplete="off"
                  placeholder="EUR"
                  hint="For your price: Quaderno has not said this product’s."
                  value={item.currency ?? ''}
                  onChange={(e) => update(item.key, { currency: e.target.value })}
                  error={fields[`items.${index}.currency`]}
                />
              ) : null}
              <div className="item-row-end">
                {/* Real text in an output (a calculation's result): an aria-label on a
                    plain span is never read out. */}
                <output className="item-total">
                  {total === null ? null : (
                    <>
                      <span className="visually-hidden">Line total{n}: </span>
                      {total}
                    </>
                  )}
                </output>
                {items.length > 1 ? (
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() => onChange(items.filter((i) => i.key !== item.key))}
                  >
                    Remove<span className="visually-hidden"> product{n}</span>
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" onClick={() => onChange([...items, emptyItem()])}>
        Add another product
      </button>
    </fieldset>
  );
}

function formatPriceHint(product: Product): string {
  return productPrice(product);
}

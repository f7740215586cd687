// The New link / Edit link form as plain data, and its conversion to the
// contract's input. Pure: unit-tested without a browser.
import type { Link, MethodInput, Product, Settings } from '../../../preload/contract';
import { currencyDigits } from '../../../preload/money';
import type { LinkOptions } from '../components/link-options-fields';
import { linkOptionFields, toLocale } from '../link-defaults';

export interface CustomerDraft {
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  billingCountry: string;
}

export interface ItemDraft {
  /** Stable React key: rows can be removed from the middle. */
  key: number;
  product: string;
  quantity: string;
  /** Optional price per unit in major units, as typed ("19.99"). */
  price: string;
}

export type OptionsDraft = LinkOptions;

export interface LinkDraft {
  customer: CustomerDraft;
  items: ItemDraft[];
  /** Null: let main apply the defaults from Settings. */
  options: OptionsDraft | null;
}

export type CreateInput = MethodInput<'links.create'>;
export type UpdateInput = MethodInput<'links.update'>;
type ItemInput = CreateInput['items'][number];

let nextKey = 1;
export function emptyItem(): ItemDraft {
  return { key: nextKey++, product: '', quantity: '1', price: '' };
}

export function emptyDraft(settings: Settings | undefined): LinkDraft {
  return {
    customer: { email: '', firstName: '', lastName: '', company: '', billingCountry: '' },
    items: [emptyItem()],
    options: settings ? optionsFromSettings(settings) : null,
  };
}

export function optionsFromSettings(s: Settings): OptionsDraft {
  return {
    successUrl: s.successUrl,
    cancelUrl: s.cancelUrl,
    locale: toLocale(s.locale),
    paymentMethods: s.paymentMethods,
    billingDetailsCollection: s.billingDetailsCollection,
    couponCollection: s.couponCollection,
  };
}

/** "19.99" in EUR → 1999; "500" in JPY → 500. Null when it is not a price in that currency. */
export function parsePrice(text: string, currency: string | null): number | null {
  const trimmed = text.trim().replace(',', '.');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return null;
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export function formatPriceInput(minorUnits: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minorUnits / 10 ** digits).toFixed(digits);
}

function priceExample(currency: string): string {
  return currencyDigits(currency) === 0 ? '500' : '19.99';
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

export type Converted<T> = { ok: true; input: T } | { ok: false; fields: Record<string, string> };

/** Checks only what JSON cannot carry (typed numbers); main validates everything else. */
export function toItemsInput(
  items: ItemDraft[],
  productByCode: (code: string) => Product | undefined,
): Converted<ItemInput[]> {
  const fields: Record<string, string> = {};
  const input = items.map((item, index): ItemInput => {
    const quantity = Number(item.quantity.trim());
    if (item.quantity.trim() === '' || !Number.isFinite(quantity)) {
      fields[`items.${index}.quantity`] = 'Quantity must be a whole number of 1 or more.';
    }
    const out: ItemInput = { product: item.product, quantity };
    if (item.price.trim() !== '') {
      const product = productByCode(item.product);
      const currency = product?.currency;
      if (!product) {
        fields[`items.${index}.product`] = 'Pick a product before changing its price.';
      } else if (!currency) {
        // Quaderno's catalogue may not say a product's currency; its first link tells it.
        fields[`items.${index}.unitAmount`] =
          'Quaderno has not said which currency this product is priced in yet. Make one link at its catalogue price first; then its price can be changed.';
      } else {
        const amount = parsePrice(item.price, currency);
        if (amount === null) {
          fields[`items.${index}.unitAmount`] =
            `Enter a price in ${currency}, like ${priceExample(currency)}.`;
        } else {
          out.unitAmount = amount;
          out.currency = currency;
        }
      }
    }
    return out;
  });
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, input };
}

function customerInput(c: CustomerDraft): CreateInput['customer'] {
  return {
    email: c.email.trim(),
    firstName: optional(c.firstName),
    lastName: optional(c.lastName),
    company: optional(c.company),
    billingCountry: optional(c.billingCountry)?.toUpperCase(),
  };
}

export function toCreateInput(
  draft: LinkDraft,
  productByCode: (code: string) => Product | undefined,
): Converted<CreateInput> {
  const items = toItemsInput(draft.items, productByCode);
  if (!items.ok) return items;
  return {
    ok: true,
    input: { customer: customerInput(draft.customer), items: items.input, ...draft.options },
  };
}

/** Edit changes the customer and the items; the link keeps its other options. */
export function toUpdateInput(
  id: number,
  draft: LinkDraft,
  productByCode: (code: string) => Product | undefined,
): Converted<UpdateInput> {
  const items = toItemsInput(draft.items, productByCode);
  if (!items.ok) return items;
  return { ok: true, input: { id, customer: customerInput(draft.customer), items: items.input } };
}

/** The form prefilled from an existing link; a price differing from the catalogue is an override. */
export function draftFromLink(
  link: Link,
  productByCode: (code: string) => Product | undefined,
): LinkDraft {
  const c = link.customer;
  return {
    customer: {
      email: c.email,
      firstName: c.firstName ?? '',
      lastName: c.lastName ?? '',
      company: c.company ?? '',
      billingCountry: c.billingCountry ?? '',
    },
    items: link.items.map((item) => {
      const listed = productByCode(item.product);
      const same = listed?.unitAmount === item.unitAmount && listed.currency === item.currency;
      return {
        key: nextKey++,
        product: item.product,
        quantity: String(item.quantity),
        price: same ? '' : formatPriceInput(item.unitAmount, item.currency),
      };
    }),
    options: null,
  };
}

export const customerFieldKeys = [
  'customer.email',
  'customer.firstName',
  'customer.lastName',
  'customer.company',
  'customer.billingCountry',
] as const;

/** Every error key the form can show next to a field, for `formErrors`. */
export function formFieldKeys(itemCount: number): string[] {
  const items = Array.from({ length: itemCount }, (_, i) =>
    ['product', 'quantity', 'unitAmount', 'currency'].map((f) => `items.${i}.${f}`),
  ).flat();
  return [...customerFieldKeys, 'items', ...items, ...linkOptionFields];
}

// The New link / Edit link form as plain data, and its conversion to the
// contract's input. Pure: unit-tested without a browser.
import type { Link, MethodInput, Product, Settings } from '../../../preload/contract';
import { linkProblems, type CheckedLink } from '../../../preload/link-checks';
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
  /** The price's currency, typed only for a product whose currency Quaderno has not said. */
  currency?: string;
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

const PRICE_FORMAT = 'Enter a price like 12.50.';

let currencies: ReadonlySet<string> | null = null;
function isKnownCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return /^[A-Z]{3}$/.test(code) && currencies.has(code);
}

/** The price an item row asks for, or why it cannot be read; null when none was typed. */
function itemPrice(
  item: ItemDraft,
  product: Product | undefined,
): { unitAmount: number; currency: string } | { problem: [field: string, message: string] } | null {
  if (item.price.trim() === '') return null;
  if (item.product.trim() === '') {
    return { problem: ['product', 'Pick a product before changing its price.'] };
  }
  // The format first: "abc" is no price in any currency.
  if (!/^\d+(?:[.,]\d+)?$/.test(item.price.trim())) {
    return { problem: ['unitAmount', PRICE_FORMAT] };
  }
  // Quaderno's catalogue may not say a product's currency (docs/quaderno-api.md): the merchant
  // says which one the price is in, and the link is made in it. A product the synced catalogue
  // does not have (a link made for it all the same, or a catalogue that could not be read) keeps
  // the currency its link is in; main checks the product against Quaderno's catalogue.
  const typed = (item.currency ?? '').trim().toUpperCase();
  const currency = product ? (product.currency ?? (typed === '' ? null : typed)) : typed || null;
  if (currency === null && !product) {
    return {
      problem: [
        'product',
        `${item.product} is not in your synced catalogue, so its currency is not known here. Sync catalogue, or leave the price empty.`,
      ],
    };
  }
  if (currency === null) {
    return {
      problem: [
        'currency',
        'Quaderno has not said which currency this product is priced in. Enter the currency of your price, like EUR.',
      ],
    };
  }
  if (!isKnownCurrency(currency)) {
    return {
      problem: ['currency', `${currency} is not a currency code. Use one like EUR, USD or JPY.`],
    };
  }
  const amount = parsePrice(item.price, currency);
  if (amount === null) {
    return {
      problem: ['unitAmount', `Enter a price in ${currency}, like ${priceExample(currency)}.`],
    };
  }
  return { unitAmount: amount, currency };
}

/** The items as the contract takes them, and what in them could not be read as typed. */
export function toItemsInput(
  items: ItemDraft[],
  productByCode: (code: string) => Product | undefined,
): { input: ItemInput[]; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const input = items.map((item, index): ItemInput => {
    // Not a number (""; "two") stays NaN, which the contract refuses in its own words.
    const typed = item.quantity.trim();
    const out: ItemInput = { product: item.product, quantity: typed === '' ? NaN : Number(typed) };
    const price = itemPrice(item, productByCode(item.product));
    if (price === null) return out;
    if ('problem' in price) {
      fields[`items.${index}.${price.problem[0]}`] = price.problem[1];
      return out;
    }
    return { ...out, unitAmount: price.unitAmount, currency: price.currency };
  });
  return { input, fields };
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

/**
 * The whole form checked on the page with the contract's rules, so every field's problem shows
 * at once; an item row's own reading (a price) goes over the rule for the same field. Main
 * checks again: the page is never trusted.
 */
function checked<T extends CheckedLink>(
  input: T,
  itemFields: Record<string, string>,
): Converted<T> {
  const fields = { ...linkProblems(input), ...itemFields };
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, input };
}

export function toCreateInput(
  draft: LinkDraft,
  productByCode: (code: string) => Product | undefined,
): Converted<CreateInput> {
  const items = toItemsInput(draft.items, productByCode);
  const input: CreateInput = {
    customer: customerInput(draft.customer),
    items: items.input,
    ...draft.options,
  };
  return checked(input, items.fields);
}

/** Edit changes the customer and the items; the link keeps its other options. */
export function toUpdateInput(
  id: number,
  draft: LinkDraft,
  productByCode: (code: string) => Product | undefined,
): Converted<UpdateInput> {
  const items = toItemsInput(draft.items, productByCode);
  const input: UpdateInput = { id, customer: customerInput(draft.customer), items: items.input };
  return checked(input, items.fields);
}

/**
 * The form prefilled from an existing link; a price differing from the catalogue is an override.
 * An item whose product the synced catalogue lacks shows the link's price in the link's currency,
 * which is sent as it is, so saving keeps what the link charges.
 */
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
        // A product whose currency the catalogue does not say keeps the link's.
        currency: same || listed?.currency ? '' : item.currency,
      };
    }),
    options: null,
  };
}

/**
 * "New link like this" from a link that can no longer be paid (failed, abandoned, cancelled):
 * the same customer and items, with today's defaults from Settings.
 */
export function draftLike(
  link: Link,
  settings: Settings | undefined,
  productByCode: (code: string) => Product | undefined,
): LinkDraft {
  return {
    ...draftFromLink(link, productByCode),
    options: settings ? optionsFromSettings(settings) : null,
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

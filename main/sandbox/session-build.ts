import { addFieldError, type FieldErrors } from './field-errors';
import type { CustomerInput, ItemInput } from './session-input';
import type { Customer, ItemRecord, SessionItem } from './state';

/**
 * Quaderno reports session amounts in hundredths of the major unit for EVERY
 * currency (docs/quaderno-api.md: `unit_cost "21.0"` → `2100.0`). JPY is no
 * exception even though the yen has no minor unit: `"500.0"` → `50000`.
 * Amounts sent in a request follow the same rule, unless the sandbox is told to read them in
 * major units (SandboxOptions.requestAmountUnits).
 */
export function unitCostToCents(unitCost: string): number {
  return Math.round(Number.parseFloat(unitCost) * 100);
}

export const UNKNOWN_PRODUCT = 'is not a known product code';

/** Resolves product codes into echoed items; unknown codes and mixed currencies are field errors. */
export function resolveItems(
  products: readonly ItemRecord[],
  inputs: readonly ItemInput[],
  errors: FieldErrors,
  requestAmountUnits: 'minor' | 'major' = 'minor',
): SessionItem[] {
  const requested = (amount: number) =>
    requestAmountUnits === 'major' ? Math.round(amount * 100) : amount;
  const items: SessionItem[] = [];
  inputs.forEach((input, index) => {
    const product = products.find((p) => p.code === input.product);
    if (!product) {
      addFieldError(errors, `items[${index}].product`, UNKNOWN_PRODUCT);
      return;
    }
    items.push({
      product: product.code,
      amount:
        input.amount === undefined || input.amount === null
          ? unitCostToCents(product.unit_cost)
          : requested(input.amount),
      currency: (input.currency ?? product.currency).toUpperCase(),
      name: input.name ?? product.name,
      description: input.description ?? product.description,
      quantity: input.quantity ?? 1,
    });
  });
  const first = items[0]?.currency;
  items.forEach((item, index) => {
    // One checkout charges one currency.
    if (item.currency !== first) {
      addFieldError(
        errors,
        `items[${index}].currency`,
        'must match the currency of the other items',
      );
    }
  });
  return items;
}

export const EMPTY_CUSTOMER: Customer = {
  first_name: null,
  last_name: null,
  email: null,
  company: null,
  business_number: null,
  tax_id: null,
  contact: null,
  billing_street_line_1: null,
  billing_street_line_2: null,
  billing_city: null,
  billing_postal_code: null,
  billing_country: null,
};

/** Fields that are sent replace the stored ones; fields left out keep their value (null when new). */
export function mergeCustomer(base: Customer, input: CustomerInput | null | undefined): Customer {
  const next: Customer = { ...base };
  if (!input) return next;
  for (const key of Object.keys(EMPTY_CUSTOMER) as (keyof Customer)[]) {
    const value = input[key];
    if (value === undefined) continue;
    if (key === 'contact') next.contact = value ?? null;
    else next[key] = typeof value === 'string' ? value : null;
  }
  if (next.billing_country) next.billing_country = next.billing_country.toUpperCase();
  return next;
}

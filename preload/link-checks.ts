// The links.create / links.update rules a merchant meets while typing, zod-free so the page can
// check the whole form before it is sent and show every field's problem at once (review R12
// MEDIUM 5) without a schema library in the page (issue 16, first paint). The contract's schema
// (contract-links.ts) stays the authority and main still validates every call; these give the
// same words for the same fields (test/unit/contract/link-checks-parity.test.ts holds them to
// it). Bounds no merchant meets (name lengths, URLs, 10,000 of one product) are left to main.
import { countryProblem } from './countries';

/** zod's own email pattern (z.email(), which the contract uses), its `\-` written `-`. */
export const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const EMAIL_MAX = 254;
const ITEMS_MAX = 100;
const QUANTITY = 'Quantity must be a whole number of 1 or more.';

export interface CheckedLink {
  customer?: { email: string; billingCountry?: string | undefined } | undefined;
  items?: ReadonlyArray<{
    product: string;
    /** Absent is 1, as the contract defaults it. */
    quantity?: number | undefined;
    unitAmount?: number | undefined;
  }>;
}

/** Each field's problem, keyed by its path as main keys a refusal (`customer.email`, `items.0.quantity`). */
export function linkProblems(link: CheckedLink): Record<string, string> {
  const fields: Record<string, string> = {};
  const customer = link.customer;
  if (customer) {
    const email = customer.email.trim();
    if (email.length > EMAIL_MAX) {
      fields['customer.email'] = `An email address can be at most ${EMAIL_MAX} characters long.`;
    } else if (!EMAIL_PATTERN.test(email)) {
      fields['customer.email'] = 'Enter a valid email address, like jane@example.com.';
    }
    const country =
      customer.billingCountry === undefined ? null : countryProblem(customer.billingCountry);
    if (country) fields['customer.billingCountry'] = country;
  }
  const items = link.items;
  if (items) {
    if (items.length === 0) fields.items = 'Add at least one product.';
    if (items.length > ITEMS_MAX) fields.items = `A link can hold at most ${ITEMS_MAX} products.`;
    items.slice(0, ITEMS_MAX).forEach((item, i) => {
      if (item.product.trim() === '') fields[`items.${i}.product`] = 'Pick a product.';
      const q = item.quantity ?? 1;
      if (!Number.isInteger(q) || q < 1) fields[`items.${i}.quantity`] = QUANTITY;
      if (item.unitAmount !== undefined && !(item.unitAmount > 0)) {
        fields[`items.${i}.unitAmount`] = 'A price override must be more than zero.';
      }
    });
  }
  return fields;
}

// A checkout link as main hands it to the renderer, for tests that need one but care about only
// a few of its fields (the customer, the items): a pending link to j@x.io with no names.
import type { NormalizedSession } from '../../main/quaderno';
import type { Link } from '../../preload/contract';
import { UNKNOWN_CUSTOMER } from './sale-fixtures';

type LinkOverrides = Partial<Omit<Link, 'customer'>> & { customer?: Partial<Link['customer']> };

/** A pending link to j@x.io, no names, no items; `overrides` go over it (`customer` field by field). */
export function linkFixture(overrides: LinkOverrides = {}): Link {
  const { customer, ...rest } = overrides;
  return {
    id: 1,
    permalink: 'https://x/checkout/session/abc',
    status: 'pending',
    customer: {
      email: 'j@x.io',
      firstName: null,
      lastName: null,
      company: null,
      billingCountry: null,
      ...customer,
    },
    items: [],
    total: 0,
    currency: 'EUR',
    createdAt: '',
    updatedAt: '',
    reuseCount: 0,
    ...rest,
  };
}

/** One €21.00 ebook: the item of a stored link whose sale tests check names or amounts of. */
export const EBOOK_ITEM: NormalizedSession['items'][number] = {
  product: 'prod_ebook',
  name: 'Ebook',
  quantity: 1,
  unitAmount: 2100,
  currency: 'EUR',
};

/**
 * A link as the sessions repo stores it (sessions.upsert): pending, to jane@example.com, two
 * €15.00 Unicorns; `over` sets what the test is about (`customer` field by field).
 */
export function linkSession(
  over: Partial<Omit<NormalizedSession, 'customer'>> & {
    customer?: Partial<NormalizedSession['customer']>;
  } = {},
): NormalizedSession {
  const { customer, ...rest } = over;
  return {
    id: 77,
    status: 'pending',
    permalink: 'https://acme.quadernoapp.com/checkout/session/ab',
    customer: { ...UNKNOWN_CUSTOMER, email: 'jane@example.com', ...customer },
    items: [
      { product: 'prod_unicorn', name: 'Unicorn', quantity: 2, unitAmount: 1500, currency: 'EUR' },
    ],
    total: 3000,
    currency: 'EUR',
    metadata: {},
    fingerprint: null,
    createdAt: '2026-11-28T09:00:00.000Z',
    ...rest,
  };
}

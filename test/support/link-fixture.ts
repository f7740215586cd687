// A checkout link as main hands it to the renderer, for tests that need one but care about only
// a few of its fields (the customer, the items): a pending link to j@x.io with no names.
import type { Link } from '../../preload/contract';

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

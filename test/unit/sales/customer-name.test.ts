// One wording for whom a sale or a link is for (preload/customer-name.ts): the person first,
// the company after it, so a business contact never reads as the company alone.
import { describe, expect, it } from 'vitest';
import { linkLine } from '../../../main/sales';
import { customerDisplayName } from '../../../preload/customer-name';
import { customerName } from '../../../renderer/src/links/link-format';
import { linkFixture } from '../../support/link-fixture';

describe('customerDisplayName', () => {
  it.each([
    [{ firstName: 'Jane', lastName: 'Doe', company: 'Acme Ltd' }, 'Jane Doe (Acme Ltd)'],
    [{ firstName: 'Jane', lastName: null, company: 'Acme Ltd' }, 'Jane (Acme Ltd)'],
    [{ firstName: null, lastName: null, company: 'Acme Ltd' }, 'Acme Ltd'],
    [{ firstName: 'Jane ', lastName: ' Doe', company: null }, 'Jane Doe'],
    [{ fullName: 'Jane Q. Doe', firstName: 'Jane', lastName: 'Doe' }, 'Jane Q. Doe'],
    [{ fullName: 'Acme Ltd', company: 'ACME LTD' }, 'Acme Ltd'],
    [{ firstName: ' ', lastName: '', company: '' }, null],
  ])('%j reads %j', (parts, expected) => {
    expect(customerDisplayName(parts)).toBe(expected);
  });
});

describe('links name the person and the company', () => {
  const acme = {
    email: 'jane@acme.example',
    firstName: 'Jane',
    lastName: 'Doe',
    company: 'Acme Ltd',
  };

  it('in Activity', () => {
    const link = {
      customer: acme,
      items: [{ product: 'HOUR', name: 'Consulting Hour', quantity: 3 }],
    };
    expect(linkLine(link, 'cancelled')).toBe('Link for Jane Doe (Acme Ltd) cancelled');
  });

  it('on the Links screen', () => {
    const link = linkFixture({ customer: acme });
    expect(customerName(link)).toBe('Jane Doe (Acme Ltd)');
    const companyOnly = {
      ...link,
      customer: { ...link.customer, firstName: null, lastName: null },
    };
    expect(customerName(companyOnly)).toBe('Acme Ltd');
  });
});

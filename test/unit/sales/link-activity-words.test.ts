// The lines links will write to the activity log (issue 17): whom the link is for and what it
// sells, never its session id.
import { describe, expect, it } from 'vitest';
import { linkLine } from '../../../main/sales';

const link = {
  customer: { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' },
  items: [{ product: 'HOUR', name: 'Consulting Hour', quantity: 3 }],
};

describe('link lines', () => {
  it('names the customer and the products, and only the customer once cancelled', () => {
    expect(linkLine(link, 'created')).toBe('Link for Ann Lee created — 3 × Consulting Hour');
    expect(linkLine(link, 'changed')).toBe('Link for Ann Lee changed — 3 × Consulting Hour');
    expect(linkLine(link, 'cancelled')).toBe('Link for Ann Lee cancelled');
  });

  it('falls back to the email when the link names no one', () => {
    const bare = { ...link, customer: { ...link.customer, firstName: null, lastName: null } };
    expect(linkLine(bare, 'cancelled')).toBe('Link for ann@example.com cancelled');
  });
});

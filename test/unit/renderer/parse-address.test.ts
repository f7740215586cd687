import { describe, expect, it } from 'vitest';
import { parsePastedAddress, withPastedAddress } from '../../../renderer/src/links/parse-address';

const person = (email: string, firstName = '', lastName = '') => ({ email, firstName, lastName });

describe('an address pasted into the Email field', () => {
  it('reads the name and the address of a mail header', () => {
    expect(parsePastedAddress('Jane Doe <jane@example.com>')).toEqual(
      person('jane@example.com', 'Jane', 'Doe'),
    );
    expect(parsePastedAddress('  Ana María de la Cruz   <ana@example.es>\n')).toEqual(
      person('ana@example.es', 'Ana', 'María de la Cruz'),
    );
  });

  it('reads a quoted "Last, First" name as last name first', () => {
    expect(parsePastedAddress('"Doe, Jane" <jane@example.com>')).toEqual(
      person('jane@example.com', 'Jane', 'Doe'),
    );
    expect(parsePastedAddress('"Jane \\"JD\\" Doe" <jane@example.com>')).toMatchObject({
      firstName: 'Jane',
      lastName: '"JD" Doe',
    });
  });

  it('takes a bare address, a mailto: link or an old-style comment', () => {
    const bare = person('jane@example.com');
    expect(parsePastedAddress(' jane@example.com ')).toEqual(bare);
    expect(parsePastedAddress('<jane@example.com>')).toEqual(bare);
    expect(parsePastedAddress('mailto:jane@example.com')).toEqual(bare);
    expect(parsePastedAddress('jane@example.com <jane@example.com>')).toEqual(bare);
    expect(parsePastedAddress('jane@example.com (Jane Doe)')).toEqual(
      person('jane@example.com', 'Jane', 'Doe'),
    );
  });

  it('leaves anything but one address to be pasted as it is', () => {
    expect(parsePastedAddress('jane@example.com, bob@example.com')).toBeNull();
    expect(parsePastedAddress('Jane Doe')).toBeNull();
    expect(parsePastedAddress('write to jane@example.com')).toBeNull();
    expect(parsePastedAddress('')).toBeNull();
  });

  it('fills only the names the merchant left empty', () => {
    const pasted = person('jane@example.com', 'Jane', 'Doe');
    const typed = { email: 'old@example.com', firstName: 'Janet', lastName: ' ', company: 'Acme' };
    expect(withPastedAddress(typed, pasted)).toEqual({
      email: 'jane@example.com',
      firstName: 'Janet',
      lastName: 'Doe',
      company: 'Acme',
    });
  });
});

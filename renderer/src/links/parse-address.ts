// What a merchant pastes into the Email field is often copied from a mail client's header
// ("Jane Doe <jane@example.com>"), not a bare address. Pure: unit-tested without a browser.

export interface PastedAddress {
  email: string;
  /** Empty when the pasted text named nobody. */
  firstName: string;
  lastName: string;
}

// One address, as loose as the form's own check: main validates it properly on submit.
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/**
 * `Jane Doe <jane@example.com>`, `"Doe, Jane" <jane@example.com>`, `jane@example.com (Jane Doe)`,
 * `mailto:jane@example.com` or a bare address; null for anything else (several addresses, prose),
 * which is then pasted as it is.
 */
export function parsePastedAddress(text: string): PastedAddress | null {
  const trimmed = text.trim();
  const angled = /^(.*?)\s*<([^<>]+)>$/s.exec(trimmed);
  const commented = /^(\S+)\s*\(([^()]*)\)$/.exec(trimmed);
  const [display, rawEmail] = angled
    ? [angled[1] ?? '', angled[2] ?? '']
    : commented
      ? [commented[2] ?? '', commented[1] ?? '']
      : ['', trimmed];
  const email = rawEmail.trim().replace(/^mailto:/i, '');
  if (!ADDRESS.test(email)) return null;
  return { email, ...splitName(unquote(display)) };
}

/** A display name without its quotes; an address repeated as the name is no name. */
function unquote(display: string): string {
  const text = display.trim();
  const quoted = /^"(.*)"$/s.exec(text) ?? /^'(.*)'$/s.exec(text);
  const inner = (quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : text).trim();
  return inner.includes('@') ? '' : inner.replace(/\s+/g, ' ');
}

/** "Doe, Jane" is last name first; otherwise the first word is the first name. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const comma = name.indexOf(',');
  if (comma >= 0) {
    return { lastName: name.slice(0, comma).trim(), firstName: name.slice(comma + 1).trim() };
  }
  const space = name.indexOf(' ');
  if (space < 0) return { firstName: name, lastName: '' };
  return { firstName: name.slice(0, space), lastName: name.slice(space + 1) };
}

/** The customer after a paste: the address, and only the names the merchant left empty. */
export function withPastedAddress<C extends { email: string; firstName: string; lastName: string }>(
  customer: C,
  pasted: PastedAddress,
): C {
  return {
    ...customer,
    email: pasted.email,
    firstName: customer.firstName.trim() === '' ? pasted.firstName : customer.firstName,
    lastName: customer.lastName.trim() === '' ? pasted.lastName : customer.lastName,
  };
}

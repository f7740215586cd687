// Who a sale or a link is for, in one wording for main (sync, the receiver, Activity) and the
// renderer (links): a business contact reads "Jane Doe (Acme Ltd)", the person first, because
// the merchant writes to the person and the company alone hid who bought.

export interface NameParts {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  /** A whole name as given (a webhook contact's full_name); wins over first + last. */
  fullName?: string | null | undefined;
  company?: string | null | undefined;
}

// Contacts come typed by customers: "Jane " + "Doe" is "Jane Doe".
const clean = (s: string | null | undefined): string => s?.trim() ?? '';

/** "Jane Doe (Acme Ltd)", "Jane Doe", "Acme Ltd", or null when none is known. */
export function customerDisplayName(c: NameParts): string | null {
  const person =
    clean(c.fullName) || [clean(c.firstName), clean(c.lastName)].filter((x) => x !== '').join(' ');
  const company = clean(c.company);
  if (person && company && person.toLowerCase() !== company.toLowerCase()) {
    return `${person} (${company})`;
  }
  return person || company || null;
}

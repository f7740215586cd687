// What a delivery email's subject and body may say: the placeholders main/delivery/template.ts
// fills, and the problems that would reach a customer as typed. Shared by main (which refuses a
// rule) and the renderer (which marks the field as the merchant types), like email-template.ts.
import { DELIVERY_PLACEHOLDERS, type DeliveryPlaceholder } from './delivery-placeholders';

export type TemplateField = 'subject' | 'body';

export interface TemplateProblem {
  field: TemplateField;
  message: string;
}

export interface TemplateRuleFacts {
  /** The rule has a download address, so {downloadLink} has something to become. */
  hasDownloadUrl: boolean;
  /** The rule hands out licence keys, so {licenceKey} has something to become. */
  useLicenceKeys: boolean;
}

/**
 * A word in braces (letters, digits, spaces, dashes, underscores) is meant as a placeholder; a bare
 * brace, or braces around code or punctuation, is just text. main/delivery/template.ts fills by it.
 */
export const BRACED = /\{([\w \t-]{0,40}[A-Za-z][\w \t-]{0,40})\}/g;

/**
 * Words a merchant may reach for: the link email's own placeholders ({items}, {total}, {link})
 * and the American spelling, so the hint names the placeholder they meant.
 */
const ALIASES: Readonly<Record<string, DeliveryPlaceholder>> = {
  name: 'customerName',
  email: 'customerEmail',
  items: 'product',
  products: 'product',
  total: 'amount',
  price: 'amount',
  link: 'downloadLink',
  downloadurl: 'downloadLink',
  key: 'licenceKey',
  licensekey: 'licenceKey',
};

/** The placeholder a braced name was meant to be, whatever its case, spaces, dashes or underscores. */
export function meantDeliveryPlaceholder(name: string): DeliveryPlaceholder | null {
  const loose = name.replace(/[\s_-]/g, '').toLowerCase();
  return DELIVERY_PLACEHOLDERS.find((p) => p.toLowerCase() === loose) ?? ALIASES[loose] ?? null;
}

function isPlaceholder(name: string): name is DeliveryPlaceholder {
  return (DELIVERY_PLACEHOLDERS as readonly string[]).includes(name);
}

/** Why the rule cannot fill `p`, or null when it can. */
function unfillable(p: DeliveryPlaceholder, facts: TemplateRuleFacts): string | null {
  if (p === 'downloadLink' && !facts.hasDownloadUrl)
    return '{downloadLink} needs the rule’s download address: add it, or take {downloadLink} out.';
  if (p === 'licenceKey' && !facts.useLicenceKeys)
    return '{licenceKey} needs a rule that hands out licence keys: turn on “Use licence keys”, or take {licenceKey} out.';
  return null;
}

function usable(facts: TemplateRuleFacts): string {
  const named = DELIVERY_PLACEHOLDERS.filter((p) => unfillable(p, facts) === null).map(
    (p) => `{${p}}`,
  );
  return `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`;
}

function fieldProblems(text: string, facts: TemplateRuleFacts): string[] {
  const found: string[] = [];
  const add = (message: string) => {
    if (!found.includes(message)) found.push(message);
  };
  for (const [braced, name = ''] of text.matchAll(BRACED)) {
    const meant = meantDeliveryPlaceholder(name);
    if (!isPlaceholder(name))
      add(
        meant
          ? `${braced} is not a placeholder; did you mean {${meant}}?`
          : `${braced} is not a placeholder; use ${usable(facts)}.`,
      );
    const refused = meant && unfillable(meant, facts);
    if (refused) add(refused);
  }
  return found;
}

/** What is wrong with a rule's subject and body, one sentence each, naming its field; [] when fine. */
export function deliveryTemplateProblems(
  subject: string,
  body: string,
  facts: TemplateRuleFacts,
): TemplateProblem[] {
  return [
    ...fieldProblems(subject, facts).map((message) => ({ field: 'subject' as const, message })),
    ...fieldProblems(body, facts).map((message) => ({ field: 'body' as const, message })),
  ];
}

/**
 * The problems as a ConsoleError's `fields` (`action.subject`, `action.body`, the input's own
 * paths, so the form marks the field as it does for a schema error); {} when fine.
 */
export function deliveryTemplateFieldErrors(
  subject: string,
  body: string,
  facts: TemplateRuleFacts,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const { field, message } of deliveryTemplateProblems(subject, body, facts)) {
    const key = `action.${field}`;
    fields[key] = fields[key] ? `${fields[key]} ${message}` : message;
  }
  return fields;
}

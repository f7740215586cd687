// What the email text in Settings may say: the placeholders main/links/email-text.ts fills, and
// the problems that would reach a customer as typed. Shared by main (which refuses a save) and the
// renderer (which shows a template stored before the rule), like preload/money.ts.

/** Every placeholder the email text fills, in the order Settings names them. */
export const EMAIL_PLACEHOLDERS = ['firstName', 'items', 'total', 'link'] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];

/** Anything in braces on one line is meant as a placeholder; a bare brace is just text. */
const BRACED = /\{([^{}\n]{1,40})\}/g;

/** The placeholder a braced name was meant to be, whatever its case, spaces, dashes or underscores. */
export function intendedPlaceholder(name: string): EmailPlaceholder | null {
  const loose = name.replace(/[\s_-]/g, '').toLowerCase();
  return EMAIL_PLACEHOLDERS.find((p) => p.toLowerCase() === loose) ?? null;
}

const NAMED = EMAIL_PLACEHOLDERS.map((p) => `{${p}}`);
const LIST = `${NAMED.slice(0, -1).join(', ')} or ${NAMED[NAMED.length - 1]}`;

/** What is wrong with `template`, one sentence each, the missing link first; [] when it is fine. */
export function emailTemplateProblems(template: string): string[] {
  const slips: string[] = [];
  let nearLink = false;
  for (const [braced, name] of template.matchAll(BRACED)) {
    if ((EMAIL_PLACEHOLDERS as readonly string[]).includes(name ?? '')) continue;
    const meant = intendedPlaceholder(name ?? '');
    if (meant === 'link') nearLink = true;
    const slip = meant
      ? `${braced} is not a placeholder; did you mean {${meant}}?`
      : `${braced} is not a placeholder; use ${LIST}.`;
    if (!slips.includes(slip)) slips.push(slip);
  }
  const linkMissing = !template.includes('{link}') && !nearLink;
  return linkMissing
    ? [
        'Add {link} where the checkout link goes; without it the email has no link to pay through.',
        ...slips,
      ]
    : slips;
}

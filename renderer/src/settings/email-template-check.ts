// The email text's placeholders as main fills and checks them (main/settings/email-template.ts),
// for what Settings shows before any save: a template stored before main checked it. The renderer
// may not import main/, so this mirrors it; test/unit/renderer/email-template-check.test.ts holds
// the two to the same answers.

export const EMAIL_PLACEHOLDERS = ['firstName', 'items', 'total', 'link'] as const;

const BRACED = /\{([^{}\n]{1,40})\}/g;
const NAMED = EMAIL_PLACEHOLDERS.map((p) => `{${p}}`);
const LIST = `${NAMED.slice(0, -1).join(', ')} or ${NAMED[NAMED.length - 1]}`;

/** What main would refuse in `template`, one sentence each; [] when it is fine. */
export function emailTemplateProblems(template: string): string[] {
  const slips = new Set<string>();
  let nearLink = false;
  for (const [braced, name = ''] of template.matchAll(BRACED)) {
    if ((EMAIL_PLACEHOLDERS as readonly string[]).includes(name)) continue;
    const loose = name.replace(/[\s_-]/g, '').toLowerCase();
    const meant = EMAIL_PLACEHOLDERS.find((p) => p.toLowerCase() === loose);
    if (meant === 'link') nearLink = true;
    slips.add(
      meant
        ? `${braced} is not a placeholder; did you mean {${meant}}?`
        : `${braced} is not a placeholder; use ${LIST}.`,
    );
  }
  const missing = template.includes('{link}') || nearLink ? [] : [MISSING_LINK];
  return [...missing, ...slips];
}

const MISSING_LINK =
  'Add {link} where the checkout link goes; without it the email has no link to pay through.';

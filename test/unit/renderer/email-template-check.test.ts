// The renderer's copy of the email text check (it may not import main/) must answer as main's,
// which is the one that refuses a save: Settings shows a stored template's problems with it.
import { describe, expect, it } from 'vitest';
import { EMAIL_PLACEHOLDERS, emailTemplateProblems } from '../../../main/settings';
import * as shown from '../../../renderer/src/settings/email-template-check';

const templates = [
  'Hi {firstName}, {items} for {total}: {link}',
  'Hello {firstname}, thanks for buying {items}.',
  'Pay: { link } and {Link}',
  '{name} {name} {first_name} {TOTAL} {link}',
  'No placeholders at all',
  'Braces { across\nlines } and {} and {link}',
];

describe('the email text check Settings shows', () => {
  it('knows the placeholders main fills', () => {
    expect(shown.EMAIL_PLACEHOLDERS).toEqual(EMAIL_PLACEHOLDERS);
  });

  it.each(templates)('finds what main finds in %j', (template) => {
    expect(shown.emailTemplateProblems(template)).toEqual(emailTemplateProblems(template));
  });
});

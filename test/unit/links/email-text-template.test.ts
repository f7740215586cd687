// Copy email with a template saved before Settings checked it (issue 17, bug 2): the customer
// still gets their name and the link, never a raw placeholder or an email with nothing to click.
import { describe, expect, it } from 'vitest';
import { emailText } from '../../../main/links/email-text';
import { DEFAULT_EMAIL_TEMPLATE, emailTemplateProblems } from '../../../main/settings';
import { linkFixture } from '../../support/link-fixture';

const link = linkFixture({
  customer: { firstName: 'Jane' },
  items: [{ product: 'a', name: 'Course', quantity: 1, unitAmount: 4900, currency: 'EUR' }],
  total: 4900,
});

describe('email text from a template saved before the check', () => {
  it('fills a wrong-case placeholder and adds the missing link at the end', () => {
    expect(emailText('Hello {firstname}, thanks for buying {items}.', link)).toBe(
      'Hello Jane, thanks for buying Course.\n\nhttps://x/checkout/session/abc',
    );
  });

  it('does not add the link twice when it is there in another case', () => {
    expect(emailText('Pay here: {Link}', link)).toBe('Pay here: https://x/checkout/session/abc');
  });
});

describe('emailTemplateProblems', () => {
  it('finds none in the default template', () => {
    expect(emailTemplateProblems(DEFAULT_EMAIL_TEMPLATE)).toEqual([]);
  });

  it.each([
    ['{first_name} {link}', ['{first_name} is not a placeholder; did you mean {firstName}?']],
    // One slip, one message: the near miss already says where {link} goes.
    ['{ link }', ['{ link } is not a placeholder; did you mean {link}?']],
    [
      'Hi {firstname}',
      ['Add {link}', '{firstname} is not a placeholder; did you mean {firstName}?'],
    ],
    ['Total: {total}', ['Add {link}']],
  ])('reads %j', (template, expected) => {
    const problems = emailTemplateProblems(template);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(problems[i]).toContain(start));
  });
});

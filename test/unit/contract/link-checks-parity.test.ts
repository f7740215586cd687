// The page's check of a link (preload/link-checks.ts, zod-free) says what the contract's schema
// says, in the same words, for each field it checks; it never refuses what the contract takes.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { linkCreateInput, type MethodInput } from '../../../preload/contract';
import { EMAIL_PATTERN, linkProblems } from '../../../preload/link-checks';

type Input = MethodInput<'links.create'>;

function contractFields(input: Input): Record<string, string> {
  const parsed = linkCreateInput.safeParse(input);
  const fields: Record<string, string> = {};
  if (parsed.success) return fields;
  for (const issue of parsed.error.issues) fields[issue.path.join('.')] ??= issue.message;
  return fields;
}

const item = { product: 'prod_course', quantity: 1 };
const cases: Input[] = [
  { customer: { email: 'ana@example.com' }, items: [item] },
  { customer: { email: ' ana@example.com ', billingCountry: 'es' }, items: [item] },
  { customer: { email: 'maria', billingCountry: 'SP' }, items: [{ ...item, quantity: 0 }] },
  { customer: { email: 'jane@example', billingCountry: 'Spain' }, items: [] },
  { customer: { email: `${'a'.repeat(250)}@example.com` }, items: [{ ...item, quantity: 1.5 }] },
  { customer: { email: 'o’brien@example.com' }, items: [{ ...item, quantity: NaN }] },
  { customer: { email: 'ana@example.com' }, items: [{ product: ' ', quantity: 2 }] },
  { customer: { email: 'ana@example.com' }, items: [{ ...item, unitAmount: 0, currency: 'EUR' }] },
  { customer: { email: 'ana@example.com' }, items: Array.from({ length: 101 }, () => item) },
];

describe('the page’s link check and the contract', () => {
  it.each(cases.map((c, i) => [i, c] as const))('agree on case %i', (_, input) => {
    expect(linkProblems(input)).toEqual(contractFields(input));
  });

  it('uses zod’s own email pattern', () => {
    const zods = z.regexes.email.source.replaceAll('\\-', '-');
    expect(EMAIL_PATTERN.source).toBe(zods);
  });
});

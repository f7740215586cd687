// `link create`'s values refused by the contract, said in the CLI's words: the contract's
// messages speak of the app's form fields ("Enter a valid email address", "An email address can be
// at most 254 characters long") or are zod's own ("Too big: expected string to have <=100
// characters"), and name no flag.
import type { Envelope } from '../../preload/contract';
import { seeHelp } from './args';
import { UsageError } from './output';

/** The contract's field (preload/contract-links.ts) → the flag that sets it. */
const FLAG_OF: Record<string, string> = {
  'customer.email': '--email',
  'customer.firstName': '--first-name',
  'customer.lastName': '--last-name',
  'customer.company': '--company',
  successUrl: '--success-url',
  cancelUrl: '--cancel-url',
};

function problem(flag: string, given: string, contractMessage: string): string {
  const limit = contractMessage.match(/(?:<=\s*|at most )(\d+)/)?.[1];
  if (limit !== undefined) {
    return `${flag} is ${given.trim().length} characters long; at most ${limit} are accepted.`;
  }
  const value = JSON.stringify(given);
  if (flag === '--email') {
    return `--email ${value} is not an email address; give the customer's, like jane@example.com.`;
  }
  if (flag.endsWith('-url')) {
    return `${flag} ${value} is not a web address; give a full http(s) URL, like https://example.com/thanks.`;
  }
  return `${flag} ${value}: ${contractMessage}`;
}

/**
 * Throws a UsageError (exit 2) naming the flag when the contract refused one of these values;
 * otherwise hands the answer back unchanged.
 */
export function flagMistakes<T>(answer: Envelope<T>, given: Partial<Record<string, unknown>>) {
  if (answer.ok) return answer;
  for (const [field, message] of Object.entries(answer.error.fields ?? {})) {
    const flag = FLAG_OF[field];
    if (flag === undefined) continue;
    const value = given[flag.slice(2)];
    const text = problem(flag, typeof value === 'string' ? value : '', message);
    throw new UsageError(`${text} ${seeHelp(['link', 'create'])}`);
  }
  return answer;
}

// Link defaults and preferences, stored as one validated JSON value per key.
import { z } from 'zod';
import type { Settings } from '../../preload/contract';
import { ConsoleError } from '../errors';
import type { Store } from '../store';
import { emailTemplateProblems } from '../../preload/email-template';

export { createSettingsHandlers, type SettingsHandlers } from './handlers';
export {
  EMAIL_PLACEHOLDERS,
  emailTemplateProblems,
  intendedPlaceholder,
  type EmailPlaceholder,
} from '../../preload/email-template';

export const DEFAULT_EMAIL_TEMPLATE = [
  'Hi {firstName},',
  '',
  'Here is your secure link to buy {items} ({total}):',
  '{link}',
  '',
  'The link is just for you. Thank you!',
].join('\n');

export const DEFAULT_SETTINGS: Settings = {
  successUrl: 'https://example.com/thank-you',
  cancelUrl: 'https://example.com/cancelled',
  locale: 'auto',
  paymentMethods: ['card'],
  billingDetailsCollection: 'auto',
  couponCollection: false,
  emailTemplate: DEFAULT_EMAIL_TEMPLATE,
  notifications: true,
  tunnelSubdomain: '',
  tunnelHost: '',
  publicUrl: '',
  receiverPort: 0,
  // Login items are the merchant's to add, never a surprise of installing the app.
  openAtLogin: false,
  saleSound: null,
  dailySummary: false,
  summaryHour: 9,
};

const storedSettings = z.object({
  successUrl: z.string(),
  cancelUrl: z.string(),
  locale: z.string(),
  paymentMethods: z.array(z.enum(['card', 'paypal'])).min(1),
  billingDetailsCollection: z.enum(['auto', 'required']),
  couponCollection: z.boolean(),
  emailTemplate: z.string(),
  notifications: z.boolean(),
  tunnelSubdomain: z.string(),
  tunnelHost: z.string(),
  // Any string, so Settings still opens on one saved before the stricter rule; the pipeline
  // checks it again before registering it (main/live/public-url.ts, publicUrlRuleProblem).
  publicUrl: z.string(),
  receiverPort: z.number().int(),
  openAtLogin: z.boolean(),
  saleSound: z.boolean().nullable(),
  dailySummary: z.boolean(),
  summaryHour: z.number().int().min(0).max(23),
});

const KEY = 'preferences';

export interface SettingsService {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function createSettings({ store }: { store: Store }): SettingsService {
  const stored = (): Record<string, unknown> => store.settings.get(KEY, storedObject, {});
  const get = (): Settings => readFields(stored());
  return {
    get,
    update(patch) {
      const raw = stored();
      checkEmailTemplate(patch.emailTemplate, readFields(raw).emailTemplate);
      // What the patch does not set is kept as stored, keys this version does not know and
      // values of known keys it cannot read alike: the CLI and the app share the data folder and
      // may be different versions (a newer one's payment method, a half hour). Reads fall back
      // field by field.
      const next = { ...raw, ...stripUndefined(patch) };
      store.settings.set(KEY, next);
      return readFields(next);
    },
  };
}

/**
 * Refuses a new email text that would reach customers broken. The stored one, even if it was
 * saved before this check, is let through unchanged: Settings sends the whole form on every save
 * and says itself what is wrong with it, and Copy email copes with it (main/links/email-text.ts).
 */
function checkEmailTemplate(next: string | undefined, current: string): void {
  if (next === undefined || next === current) return;
  const problems = emailTemplateProblems(next);
  if (problems.length === 0) return;
  const message = problems.join(' ');
  throw new ConsoleError('invalid_input', message, { fields: { emailTemplate: message } });
}

const storedObject = z.record(z.string(), z.unknown());

/**
 * Field by field: a hand-edited or older-shaped value keeps each field that still reads, and
 * only the ones that do not fall back to their default (a single bad one must not wipe the rest).
 */
function readFields(raw: Record<string, unknown>): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [name, schema] of Object.entries(storedSettings.shape)) {
    const parsed = schema.safeParse(raw[name]);
    if (parsed.success) out[name] = parsed.data;
  }
  // Every field is now either a parsed value or its default, so this cannot fail.
  return storedSettings.parse(out);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

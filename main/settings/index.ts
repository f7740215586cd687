// Link defaults and preferences, stored as one validated JSON value per key.
import { z } from 'zod';
import type { Settings } from '../../preload/contract';
import type { Store } from '../store';

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
  publicUrl: z.string(),
  receiverPort: z.number().int(),
});

const KEY = 'preferences';

export interface SettingsService {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function createSettings({ store }: { store: Store }): SettingsService {
  const get = (): Settings => {
    // A partly valid stored value keeps its good fields; anything unreadable falls back.
    const stored = store.settings.get(KEY, storedSettings.partial(), {});
    return { ...DEFAULT_SETTINGS, ...stripUndefined(stored) };
  };
  return {
    get,
    update(patch) {
      const next = { ...get(), ...stripUndefined(patch) };
      store.settings.set(KEY, next);
      return next;
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

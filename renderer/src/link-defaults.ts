import type { MethodInput, Settings } from '../../preload/contract';

export type SettingsPatch = MethodInput<'settings.update'>;
export type Locale = NonNullable<SettingsPatch['locale']>;

export const localeOptions: ReadonlyArray<{ value: Locale; label: string }> = [
  { value: 'auto', label: 'Automatic (the customer’s browser language)' },
  { value: 'ca', label: 'Catalan' },
  { value: 'de', label: 'German' },
  { value: 'en', label: 'English' },
  { value: 'es', label: 'Spanish' },
  { value: 'fi', label: 'Finnish' },
  { value: 'fr', label: 'French' },
  { value: 'hu', label: 'Hungarian' },
  { value: 'nl', label: 'Dutch' },
  { value: 'sv', label: 'Swedish' },
  { value: 'no', label: 'Norwegian' },
];

/** The settings a checkout link carries (LinkOptions), as form error keys. */
export const linkOptionFields = [
  'successUrl',
  'cancelUrl',
  'locale',
  'paymentMethods',
  'billingDetailsCollection',
  'couponCollection',
] as const;

export const linkDefaultFields = [...linkOptionFields, 'emailTemplate', 'notifications'] as const;

/** The locale main stored, if it is still one Quaderno offers; otherwise automatic. */
export function toLocale(value: string): Locale {
  return localeOptions.find((o) => o.value === value)?.value ?? 'auto';
}

/** The whole form as an update: main validates every field again. */
export function toPatch(draft: Settings): SettingsPatch {
  return { ...draft, locale: toLocale(draft.locale) };
}

export function togglePaymentMethod(
  methods: Settings['paymentMethods'],
  method: 'card' | 'paypal',
  on: boolean,
): Settings['paymentMethods'] {
  const without = methods.filter((m) => m !== method);
  // Keep the order stable (card first) so the form does not reshuffle.
  return on
    ? (['card', 'paypal'] as const).filter((m) => m === method || without.includes(m))
    : without;
}

/** Where a link sends the customer back to: the two settings that start as placeholders. */
export const returnUrlFields = ['successUrl', 'cancelUrl'] as const;
export type ReturnUrlField = (typeof returnUrlFields)[number];

/**
 * The return pages still on a documentation-only address (example.com and kin, RFC 2606): the
 * placeholders new installs start with. No paying customer should be sent there.
 */
export function placeholderUrls(settings: Pick<Settings, ReturnUrlField>): ReturnUrlField[] {
  return returnUrlFields.filter((field) => isPlaceholderUrl(settings[field]));
}

function isPlaceholderUrl(url: string): boolean {
  try {
    return /(^|\.)example\.(com|net|org)$/.test(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

import { describe, expect, it } from 'vitest';
import { settingsUpdateInput, type Settings } from '../../../preload/contract';
import {
  placeholderUrls,
  toLocale,
  toPatch,
  togglePaymentMethod,
} from '../../../renderer/src/link-defaults';

const stored: Settings = {
  successUrl: 'https://shop.test/thanks',
  cancelUrl: 'https://shop.test/cancelled',
  locale: 'xx',
  paymentMethods: ['card'],
  billingDetailsCollection: 'auto',
  couponCollection: false,
  emailTemplate: 'Hi {firstName}, {link}',
  notifications: true,
  tunnelSubdomain: '',
  tunnelHost: '',
  publicUrl: '',
  receiverPort: 0,
  openAtLogin: false,
  saleSound: null,
  dailySummary: false,
  summaryHour: 9,
};

describe('link defaults form', () => {
  it('turns the stored settings into an update the contract accepts', () => {
    expect(settingsUpdateInput.safeParse(toPatch(stored)).success).toBe(true);
  });

  it('falls back to the automatic language for a locale Quaderno does not offer', () => {
    expect(toLocale('xx')).toBe('auto');
    expect(toLocale('fr')).toBe('fr');
  });

  it('adds and removes payment methods keeping card before PayPal', () => {
    expect(togglePaymentMethod(['paypal'], 'card', true)).toEqual(['card', 'paypal']);
    expect(togglePaymentMethod(['card', 'paypal'], 'card', false)).toEqual(['paypal']);
    expect(togglePaymentMethod(['card'], 'card', true)).toEqual(['card']);
  });
});

describe('placeholder return pages', () => {
  it('finds the documentation-only addresses new installs start with, and only those', () => {
    const pages = (successUrl: string, cancelUrl: string) =>
      placeholderUrls({ successUrl, cancelUrl });
    expect(pages('https://example.com/thank-you', 'https://WWW.example.org/x')).toEqual([
      'successUrl',
      'cancelUrl',
    ]);
    expect(pages('https://shop.example/thanks', 'https://notexample.com/')).toEqual([]);
    expect(pages('not a url', 'https://example.net.shop.test/')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { settingsUpdateInput, type Settings } from '../../../preload/contract';
import { toLocale, toPatch, togglePaymentMethod } from '../../../renderer/src/link-defaults';

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

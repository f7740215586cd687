import { describe, expect, it } from 'vitest';
import { ContractError, type AccountKind } from '../../../preload/contract';
import { kindBadge } from '../../../renderer/src/account-kind';
import { formErrors, toErrorPayload } from '../../../renderer/src/errors';

const FIELDS = ['account', 'apiKey'] as const;

describe('form error mapping', () => {
  it('puts each field message next to the field it names and shows no general message', () => {
    const error = new ContractError({
      code: 'invalid_input',
      message: 'Use your secret key: it starts with sk_live_ or sk_test_.',
      fields: { apiKey: 'Use your secret key: it starts with sk_live_ or sk_test_.' },
    });
    expect(formErrors(error, FIELDS)).toEqual({
      fields: { apiKey: 'Use your secret key: it starts with sk_live_ or sk_test_.' },
      general: null,
    });
  });

  it('shows the message above the form when no field is named', () => {
    const error = new ContractError({ code: 'offline', message: 'You seem to be offline.' });
    expect(formErrors(error, FIELDS)).toEqual({ fields: {}, general: 'You seem to be offline.' });
  });

  it('keeps messages for fields the form does not show in the general message', () => {
    const error = new ContractError({
      code: 'invalid_input',
      message: 'Check the form.',
      fields: { account: 'Enter your account name.', _: 'Unexpected extra data.' },
    });
    expect(formErrors(error, FIELDS)).toEqual({
      fields: { account: 'Enter your account name.' },
      general: 'Unexpected extra data.',
    });
  });

  it('uses the general message when only unknown fields are named', () => {
    const error = new ContractError({
      code: 'invalid_input',
      message: 'Something is off.',
      fields: { other: 'Not yours.' },
    });
    expect(formErrors(error, FIELDS)).toEqual({ fields: {}, general: 'Something is off.' });
  });
});

describe('reading a thrown error', () => {
  it('reads code and fields from a plain object that lost its ContractError class', () => {
    const crossed = {
      code: 'unauthorized',
      message: 'Wrong key.',
      fields: { apiKey: 'Wrong key.' },
    };
    expect(toErrorPayload(crossed)).toEqual(crossed);
  });

  it('keeps the message of an ordinary Error as an internal error', () => {
    expect(toErrorPayload(new Error('Network down'))).toEqual({
      code: 'internal',
      message: 'Network down',
    });
  });

  it('gives a helpful message for values that are not errors at all', () => {
    const payload = toErrorPayload(42);
    expect(payload.code).toBe('internal');
    expect(payload.message).toMatch(/try again/i);
  });
});

describe('account badges', () => {
  it('labels live, test and sandbox accounts distinctly', () => {
    const kinds: AccountKind[] = ['live', 'test', 'sandbox'];
    expect(kinds.map((k) => kindBadge(k).label)).toEqual(['LIVE', 'TEST', 'SANDBOX']);
    expect(new Set(kinds.map((k) => kindBadge(k).className)).size).toBe(3);
  });
});

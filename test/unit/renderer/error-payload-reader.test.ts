// The page reads a failure's payload without zod (preload/error-payload.ts, so its first bundle
// holds no schema library); main and the bridges keep errorPayloadSchema. Both must give the
// same verdict on whatever a failed call may throw.
import { describe, expect, it } from 'vitest';
import { ContractError, errorPayloadSchema } from '../../../preload/contract';
import { readErrorPayload } from '../../../preload/error-payload';

const thrown: Array<[string, unknown]> = [
  ['a ContractError', new ContractError({ code: 'offline', message: 'You seem to be offline.' })],
  [
    'a ContractError with fields',
    new ContractError({
      code: 'invalid_input',
      message: 'Check.',
      fields: { apiKey: 'Enter it.' },
    }),
  ],
  ['a payload copied by the context bridge', { name: 'ContractError', code: 'gone', message: 'x' }],
  ['an empty fields record', { code: 'conflict', message: 'x', fields: {} }],
  ['an unknown code', { code: 'teapot', message: 'x' }],
  ['no message', { code: 'internal' }],
  ['a number as message', { code: 'internal', message: 7 }],
  ['fields that are not all strings', { code: 'invalid_input', message: 'x', fields: { a: 1 } }],
  ['fields as an array', { code: 'invalid_input', message: 'x', fields: ['a'] }],
  ['fields as null', { code: 'invalid_input', message: 'x', fields: null }],
  ['a plain Error', new Error('boom')],
  ['a string', 'offline'],
  ['null', null],
  ['undefined', undefined],
];

describe('the page’s zod-free error payload reader', () => {
  it.each(thrown)('agrees with errorPayloadSchema on %s', (_, value) => {
    const parsed = errorPayloadSchema.safeParse(value);
    expect(readErrorPayload(value)).toEqual(parsed.success ? parsed.data : null);
  });
});

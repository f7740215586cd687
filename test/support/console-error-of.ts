// The ConsoleError a call fails with, for tests of what a failure tells the merchant.
import { expect } from 'vitest';
import { ConsoleError } from '../../main/errors';

/** Fails the test if `promise` resolves or rejects with anything but a ConsoleError. */
export async function consoleErrorOf(promise: Promise<unknown>): Promise<ConsoleError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConsoleError);
  return error as ConsoleError;
}

// For action tests (email, forward, command): the DeliveryFailure a try ended with, checked to
// be one and to hold none of the secrets given, since its reason is stored and shown.
import { expect } from 'vitest';
import { DeliveryFailure } from '../../main/delivery';

export async function deliveryFailureOf(
  attempt: Promise<void>,
  ...secrets: string[]
): Promise<DeliveryFailure> {
  const e = await attempt.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DeliveryFailure);
  for (const secret of secrets) expect((e as Error).message).not.toContain(secret);
  return e as DeliveryFailure;
}

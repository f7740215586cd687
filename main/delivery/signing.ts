// How a forwarded sale is signed, so the merchant's endpoint can tell it came from this console
// and was not replayed later. The scheme is Stripe's, which receivers and their libraries
// already know: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The
// timestamp is inside the MAC, so a receiver that refuses old timestamps refuses replays.
// Documented in the README ("Automatic delivery"), whose verification snippet is run by a test.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Checkout-Console-Signature';

/** The signature header's value for `body` (the exact bytes sent) at `unixSeconds`. */
export function signDelivery(secret: string, body: string, unixSeconds: number): string {
  const t = Math.floor(unixSeconds);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

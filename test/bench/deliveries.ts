// The signed checkout.succeeded deliveries the ingest and memory benches send: a new session,
// email and transaction each time, signed as Quaderno signs them for `url`.
import type { Request } from 'autocannon';
import { signWebhook } from '../../main/receiver';

// Counts across calls: a bench that sends in several rounds never repeats a sale.
let sequence = 0;

/** autocannon's `requests` option: one POST of a fresh signed sale per request. */
export function signedDeliveries(url: string, authKey: string, firstSession: number): Request[] {
  return [
    {
      method: 'POST',
      setupRequest: (req) => {
        sequence += 1;
        const session = firstSession + sequence;
        const email = `buyer${sequence}@example.com`;
        const body = JSON.stringify({
          event_type: 'checkout.succeeded',
          account_id: 1,
          data: {
            object: {
              message: { response_message: 'Checkout succeeded', status_code: 200 },
              transaction_details: {
                session,
                session_permalink: `https://demo.quadernoapp.com/checkout/session/${session}`,
                gateway: 'stripe',
                type: 'charge',
                description: 'Unicorn',
                customer: 'cus_bench',
                email,
                transaction: `pi_${sequence}`,
                product_id: 'prod_61ffa845b4a0b8',
                tax_name: 'VAT',
                tax_rate: 21.0,
                amount_cents: 1500,
                amount: '15.00',
                currency: 'EUR',
              },
              contact: { id: 1, first_name: 'Bench', last_name: 'Buyer', email },
            },
          },
        });
        return {
          ...req,
          body,
          headers: {
            'content-type': 'application/json',
            'x-quaderno-signature': signWebhook(authKey, url, body),
          },
        };
      },
    },
  ];
}

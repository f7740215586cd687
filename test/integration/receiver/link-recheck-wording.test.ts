// What Activity says after a checkout.failed without a session id sends the receiver to re-read
// the customer's open links: each line names what Quaderno answered. A link Quaderno answered
// 410 for read "could not be checked", and a paid one "is still completed".
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import type { ConfirmedSession } from '../../../main/receiver';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig } from './helpers';

const tmp = useTempDir('cc-receiver-recheck-words-');

const session = (id: number, patch: Partial<ConfirmedSession> = {}): ConfirmedSession => ({
  id,
  status: 'pending',
  permalink: `https://shop.quadernoapp.com/checkout/session/${String(id).padStart(40, 'c')}`,
  customer: { email: 'jane@example.com' },
  items: [{ product: 'prod_ebook', name: 'Ebook' }],
  total: 2100,
  currency: 'EUR',
  ...patch,
});

const failedBody = JSON.stringify({
  event_type: 'checkout.failed',
  account_id: 99999,
  data: {
    object: {
      message: { response_message: 'Insufficient funds', status_code: 422 },
      transaction_details: { gateway: 'stripe', type: 'charge', description: 'Ebook' },
      contact: { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com' },
    },
  },
});

/** The lines one failed payment leaves for the customer's open links `ids`. */
async function recheckLines(
  ids: number[],
  answer: (id: number) => ConfirmedSession | ConsoleError,
): Promise<string[]> {
  const rig = await startRig(tmp, {
    confirm: async (_account, id) => {
      const a = answer(id);
      if (a instanceof ConsoleError) throw a;
      return a;
    },
  });
  for (const id of ids) {
    const link = session(id);
    rig.store.sessions.upsert(
      rig.accountId,
      {
        ...link,
        customer: {
          email: 'jane@example.com',
          firstName: 'Jane',
          lastName: 'Doe',
          company: null,
          billingCountry: null,
        },
        items: [
          { product: 'prod_ebook', name: 'Ebook', quantity: 1, unitAmount: 2100, currency: 'EUR' },
        ],
        metadata: {},
        fingerprint: null,
      },
      { origin: 'console' },
    );
  }
  expect((await deliver(rig, failedBody)).status).toBe(200);
  const lines = await eventually(() => {
    const found = rig.store.activity.list(rig.accountId, {
      kind: 'link_rechecked',
      limit: 10,
      offset: 0,
    }).items;
    return found.length === ids.length && found;
  });
  return lines.map((l) => l.message);
}

describe('the lines a link re-read leaves in Activity', () => {
  it('says Quaderno no longer has a link it answered 410 gone for, not that it could not check', async () => {
    const gone = new ConsoleError(
      'gone',
      'The checkout session 7001 no longer exists in Quaderno.',
    );
    const lines = await recheckLines([7001], () => gone);
    expect(lines).toEqual(['Quaderno no longer has the link for Jane Doe; it is left as it was.']);
  });

  it('says a link Quaderno shows completed is paid, and what becomes of the sale', async () => {
    const lines = await recheckLines([7002], (id) => session(id, { status: 'completed' }));
    expect(lines).toEqual([
      'Quaderno shows the link for Jane Doe as paid, so the failed payment reported does not change it; the sale is recorded from its own webhook or the next catch-up.',
    ]);
  });

  it('says "still" pending only of links the console showed pending too', async () => {
    const lines = await recheckLines([7003, 7004], (id) => session(id));
    expect(lines).toEqual([
      'Quaderno still shows the link for Jane Doe as pending, so the failed payment reported does not change it.',
      'Quaderno still shows the link for Jane Doe as pending, so the failed payment reported does not change it.',
    ]);
  });

  it('still says a check failed when Quaderno could not answer', async () => {
    const down = new ConsoleError('server_error', 'Quaderno is having trouble (500). Try again.');
    const lines = await recheckLines([7005], () => down);
    expect(lines).toEqual([
      'The link for Jane Doe could not be checked with Quaderno after a failed payment (Quaderno is having trouble (500). Try again.); the next catch-up updates it.',
    ]);
  });
});

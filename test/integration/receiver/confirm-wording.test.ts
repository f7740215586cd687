// What Activity says when Quaderno's answer refuses a badly signed sale: it names what Quaderno
// actually showed. A paid session whose customer email is blank (or another customer's) was
// called "not paid", which sent the merchant looking for a payment that had gone through.
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import type { ConfirmedSession } from '../../../main/receiver';
import { deliver, eventually, startRig, succeededBody } from './helpers';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-receiver-confirm-words-');

const session = (id: number, patch: Partial<ConfirmedSession>): ConfirmedSession => ({
  id,
  status: 'completed',
  permalink: `https://shop.quadernoapp.com/checkout/session/${'b'.repeat(40)}`,
  customer: { email: 'jane@example.com' },
  items: [{ product: 'prod_ebook', name: 'Ebook' }],
  total: 2100,
  currency: 'EUR',
  ...patch,
});

async function refusedLine(
  answer: ConfirmedSession | null | ConsoleError,
  id: number,
): Promise<string> {
  const rig = await startRig(tmp, {
    confirm: async () => {
      if (answer instanceof ConsoleError) throw answer;
      return answer;
    },
  });
  const forged = { url: rig.url, authKey: 'not-the-real-key-000000' };
  expect((await deliver(forged, succeededBody({ session: id }))).status).toBe(200);
  const line = await eventually(
    () =>
      rig.store.activity.list(rig.accountId, { limit: 5, offset: 0, kind: 'signature_rejected' })
        .items[0],
  );
  expect(rig.store.fulfillments.bySession(rig.accountId, id)).toBeUndefined();
  return line.message;
}

describe('a badly signed sale Quaderno does not back', () => {
  it('says the session is paid when Quaderno shows it paid with no customer email', async () => {
    const message = await refusedLine(session(8101, { customer: { email: '' } }), 8101);
    expect(message).not.toMatch(/not .*paid|does not show/);
    expect(message).toContain('session 8101 as paid');
    expect(message).toContain('no customer email');
  });

  it('says who paid when Quaderno shows the session paid by another customer', async () => {
    const message = await refusedLine(
      session(8102, { customer: { email: 'bob@example.com' } }),
      8102,
    );
    expect(message).not.toMatch(/not .*paid|does not show/);
    expect(message).toContain('bob@example.com');
    expect(message).toContain('jane@example.com');
  });

  it('says a session Quaderno shows unpaid is not paid, with its status', async () => {
    const message = await refusedLine(session(8103, { status: 'pending' }), 8103);
    expect(message).toContain('session 8103');
    expect(message).toContain('pending');
  });

  it('says Quaderno has no such session when it knows none', async () => {
    const message = await refusedLine(null, 8104);
    expect(message).toContain('no session 8104');
  });

  it('says Quaderno has no such session when it answers 410 gone, not that it could not check', async () => {
    const gone = new ConsoleError(
      'gone',
      'The checkout session 8105 no longer exists in Quaderno.',
    );
    const message = await refusedLine(gone, 8105);
    expect(message).toBe('Refused an event with a bad signature: Quaderno has no session 8105.');
  });
});

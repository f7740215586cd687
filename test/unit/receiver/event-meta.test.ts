// The request path reads an event's type, session, dedupe key and email by hand; the
// processing path reads them through the zod schema. Both must agree on every body.
import { describe, expect, it } from 'vitest';
import { eventMeta, eventMetaOf, parseEventBody } from '../../../main/receiver/payload';

const details = (d: Record<string, unknown>) => ({ data: { object: { transaction_details: d } } });

const bodies: Array<[string, Record<string, unknown>]> = [
  [
    'a full sale',
    {
      event_type: 'checkout.succeeded',
      ...details({ session: 42, email: 'a@x.io', transaction: 'pi_1' }),
    },
  ],
  ['a session id as digits', { event_type: 'checkout.succeeded', ...details({ session: '0042' }) }],
  [
    'a session id that is not a number',
    { event_type: 'checkout.failed', ...details({ session: 'abc', transaction: 'pi_2' }) },
  ],
  [
    'a fractional session id',
    { event_type: 'checkout.succeeded', ...details({ session: 4.5, transaction: 'pi_3' }) },
  ],
  ['an unsafe session id', { event_type: 'x', ...details({ session: 2 ** 60 }) }],
  [
    'an unsafe session id as digits',
    { event_type: 'x', ...details({ session: '99999999999999999999', transaction: 'pi_5' }) },
  ],
  ['no event type', details({ session: 7, transaction: 'pi_4' })],
  ['an event type that is not text', { event_type: 5, ...details({ session: 7 }) }],
  ['an empty transaction id', { event_type: null, ...details({ transaction: '' }) }],
  [
    'email only on the contact',
    {
      event_type: 'checkout.succeeded',
      data: {
        object: { transaction_details: { session: 1, email: 3 }, contact: { email: 'c@x.io' } },
      },
    },
  ],
  [
    'details that are an array',
    { event_type: 'checkout.succeeded', data: { object: { transaction_details: [1, 2] } } },
  ],
  ['data that is text', { event_type: 'checkout.succeeded', data: 'nope' }],
  ['object that is null', { event_type: 'checkout.succeeded', data: { object: null } }],
  ['nothing at all', {}],
];

describe('the hand-read event fields', () => {
  it.each(bodies)('match the schema-read ones for %s', (_name, body) => {
    expect(eventMetaOf(body)).toEqual(eventMeta(parseEventBody(body)));
  });

  it('keep the dedupe key of a sale as type and session', () => {
    expect(eventMetaOf(bodies[0]![1]).businessKey).toBe('checkout.succeeded:session:42');
  });
});

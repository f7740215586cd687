// A form-encoded delivery (Quaderno in 2015, quaderno-api issue #4): the event rebuilt from
// bracketed field names as Rails reads them, and the sorted-parameters message over that hash.
import { describe, expect, it, vi } from 'vitest';
import { decodeBody } from '../../../main/receiver/decode';
import { eventMetaOf, parseEventBody } from '../../../main/receiver/payload';

const FORM = 'application/x-www-form-urlencoded';
const decode = (body: string) => decodeBody(Buffer.from(body), FORM);

const railsSale = [
  'event_type=checkout.succeeded',
  'account_id=77',
  'data[object][transaction_details][session]=4243',
  'data[object][transaction_details][amount_cents]=1210',
  'data[object][transaction_details][email]=ana%40example.com',
  'data[object][contact][first_name]=Ana',
  'data[object][items][][name]=Ebook',
  'data[object][items][][quantity]=1',
  'data[object][items][][name]=Course',
].join('&');

describe('a form-encoded delivery', () => {
  it('is read as the event its bracketed fields spell, values as text', () => {
    const d = decode(railsSale);
    expect(d.problem).toBeNull();
    expect(JSON.parse(d.text)).toEqual({
      event_type: 'checkout.succeeded',
      account_id: '77',
      data: {
        object: {
          transaction_details: { session: '4243', amount_cents: '1210', email: 'ana@example.com' },
          contact: { first_name: 'Ana' },
          items: [{ name: 'Ebook', quantity: '1' }, { name: 'Course' }],
        },
      },
    });
    expect(eventMetaOf(d.json ?? {})).toEqual({
      eventType: 'checkout.succeeded',
      sessionId: 4243,
      businessKey: 'checkout.succeeded:session:4243',
      email: 'ana@example.com',
    });
    expect(parseEventBody(JSON.parse(d.text))?.data?.object?.transaction_details).toMatchObject({
      session: 4243,
      amount_cents: 1210,
    });
  });

  it('renders the sorted parameters over the nested hash, as Rack hands it to the signer', () => {
    const d = decode(
      'event_type=x&data[object][id]=1&data[object][tags][]=a&data[object][tags][]=b',
    );
    // Ruby: {"event_type"=>"x", "data"=>{…}}.sort.flatten.join
    expect(d.sortedParams()).toContain(
      'data{"object"=>{"id"=>"1", "tags"=>["a", "b"]}}event_typex',
    );
    expect(d.sortedParams()).toContain(
      'data{"object" => {"id" => "1", "tags" => ["a", "b"]}}event_typex',
    );
    // The flat field names are still a candidate.
    expect(d.sortedParams()).toContain('data[object][id]1data[object][tags][]bevent_typex');
  });

  it('reads a data field sent as a JSON string beside a plain event_type', () => {
    const data = JSON.stringify({ object: { transaction_details: { session: 9 } } });
    const d = decode(`event_type=checkout.succeeded&data=${encodeURIComponent(data)}`);
    expect(d.json).toEqual({
      event_type: 'checkout.succeeded',
      data: { object: { transaction_details: { session: 9 } } },
    });
    expect(eventMetaOf(d.json ?? {}).sessionId).toBe(9);
  });

  it('still takes a single field carrying the whole event as JSON', () => {
    const event = { event_type: 'checkout.failed', data: { object: { message: {} } } };
    const d = decode(`payload=${encodeURIComponent(JSON.stringify(event))}`);
    expect(d.json).toEqual(event);
    expect(d.text).toBe(JSON.stringify(event));
  });

  it('keeps a typed form without event data with its type', () => {
    const d = decode('event_type=checkout.succeeded&session=4243');
    expect(d.problem).toBeNull();
    expect(d.json).toEqual({ event_type: 'checkout.succeeded', session: '4243' });
  });

  it('names what is wrong with a form that holds no event or contradicts itself', () => {
    expect(decode('name=Ana&note=hello').problem).toMatch(/no event/);
    expect(decode('event_type=x&data=1&data[object][id]=2').problem).toMatch(/contradict/);
    expect(decode(Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&')).problem).toMatch(
      /more than 1000 fields/,
    );
  });

  it('is read as a form whatever its Content-Type says, when it spells an event', () => {
    for (const type of ['application/json', 'text/plain', undefined]) {
      const d = decodeBody(Buffer.from(railsSale), type);
      expect(d.problem).toBeNull();
      expect(eventMetaOf(d.json ?? {}).sessionId).toBe(4243);
    }
    // Not an event as a form either: still the JSON it claimed to be, and junk.
    const junk = decodeBody(Buffer.from('name=Ana&note=hello'), 'application/json');
    expect(junk.problem).toBe('The body is not a JSON object.');
    expect(junk.text).toBe('name=Ana&note=hello');
  });

  it('splits a large form only as far as the fields it looks at', () => {
    // 1 MiB of `a=1&…` is 262,144 fields: splitting them all held the event loop ~220 ms.
    const flood = 'a=1&'.repeat(262_144);
    const read: number[] = [];
    const Real = URLSearchParams;
    vi.stubGlobal(
      'URLSearchParams',
      class extends Real {
        constructor(init?: string) {
          read.push(init?.length ?? 0);
          super(init);
        }
      },
    );
    try {
      const d = decodeBody(Buffer.from(flood), FORM);
      expect(d.problem).toMatch(/more than 1000 fields/);
      expect(Math.max(...read)).toBeLessThan(8 * 1024);
    } finally {
      vi.unstubAllGlobals();
    }
    // A large event in one JSON field is still found.
    const event = { event_type: 'checkout.failed', data: { object: { note: 'x'.repeat(70_000) } } };
    const big = decodeBody(
      Buffer.from(`payload=${encodeURIComponent(JSON.stringify(event))}`),
      FORM,
    );
    expect(big.json).toEqual(event);
  });

  it('treats __proto__ in a field name as an ordinary key', () => {
    const d = decode('event_type=x&data[__proto__][polluted]=yes&data[object][id]=1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(d.text)).toMatchObject({ data: { object: { id: '1' } } });
    expect(Object.keys((d.json?.data ?? {}) as object)).toEqual(['__proto__', 'object']);
  });
});

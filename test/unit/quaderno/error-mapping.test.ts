import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../../main/quaderno';
import { timeoutError } from '../../../main/quaderno/http-errors';
import { consoleErrorOf } from '../../support/console-error-of';
import { fakeQuaderno, json, randomKey, raw, type Reply } from '../../support/fake-quaderno';

async function failureOf(reply: Reply, call: 'get' | 'create' = 'get', key = randomKey()) {
  const { client } = await fakeQuaderno([reply], { apiKey: key, maxRetries: 0, rateLimit: false });
  return consoleErrorOf(
    call === 'get'
      ? client.getSession(5)
      : client.createSession({ items: [{ product: 'p' }], success_url: 'a', cancel_url: 'b' }),
  );
}

describe('HTTP errors become merchant-facing ConsoleErrors', () => {
  it('a 401 says to copy the secret key and keeps the status', async () => {
    const error = await failureOf(
      json(401, { error: 'Wrong API key or the user does not exist.' }),
    );
    expect(error.code).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      'Quaderno did not accept this API key. Copy the secret key (sk_…) from Quaderno › Developers › API keys.',
    );
  });

  it.each([
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [410, 'gone'],
    [400, 'invalid_input'],
    [405, 'invalid_input'],
    [406, 'invalid_input'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'server_error'],
    [504, 'server_error'],
  ] as const)('HTTP %i becomes %s', async (status, code) => {
    const error = await failureOf(json(status, { error: 'nope' }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('a 404 names what was missing', async () => {
    const error = await failureOf(json(404, { error: 'Not found' }));
    expect(error.message).toMatch(/no checkout session 5/);
  });

  it('a 422 maps Quaderno field errors onto fields', async () => {
    const error = await failureOf(
      json(422, { errors: { success_url: ["can't be blank"], items: ['is invalid', 'is empty'] } }),
      'create',
    );
    expect(error.code).toBe('invalid_input');
    expect(error.status).toBe(422);
    expect(error.fields).toEqual({ success_url: "can't be blank", items: 'is invalid; is empty' });
    expect(error.message).toContain("success_url can't be blank");
  });

  it('a 422 with a single error string still reads well', async () => {
    const error = await failureOf(json(422, { error: 'Session is not pending' }));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toBeUndefined();
    expect(error.message).toContain('Session is not pending');
  });

  it('a 429 tells how long to wait when Quaderno says so', async () => {
    const error = await failureOf(json(429, {}, { 'X-RateLimit-Reset': '7' }));
    expect(error.message).toMatch(/Wait 7 seconds/);
  });

  it('a 503 on a create warns that the session may exist already', async () => {
    const error = await failureOf(json(503, {}), 'create');
    expect(error.code).toBe('server_error');
    expect(error.message).toMatch(/may or may not have been created/);
  });

  it('a redirect is reported as a bad response instead of being followed', async () => {
    const error = await failureOf(raw(302, '', { Location: 'http://127.0.0.1:1/elsewhere' }));
    expect(error.code).toBe('bad_response');
  });

  it('never puts the API key in a message, whatever the server echoes', async () => {
    const key = randomKey();
    for (const status of [400, 401, 403, 404, 422, 429, 500]) {
      const error = await failureOf(
        (res, req) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: `bad ${req.headers.authorization}` }));
        },
        'get',
        key,
      );
      expect(error.message).not.toContain(key);
      expect(error.message).not.toContain(Buffer.from(`${key}:x`).toString('base64'));
    }
  });
});

describe('unreadable responses are bad_response errors naming the endpoint', () => {
  it('malformed JSON', async () => {
    const error = await failureOf(raw(200, '{"id": 5,', { 'Content-Type': 'application/json' }));
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain('GET checkout/sessions/5');
    expect(error.message).toContain('not valid JSON');
  });

  it('JSON of the wrong shape names the failing field', async () => {
    const error = await failureOf(
      json(200, { id: 'five', status: 'pending', permalink: 'x', items: [] }),
    );
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain('GET checkout/sessions/5');
    expect(error.message).toContain('id');
  });

  it('an unknown session status', async () => {
    const error = await failureOf(json(200, { id: 5, status: 'weird', permalink: 'x', items: [] }));
    expect(error.code).toBe('bad_response');
  });
});

describe('an error body nested deeper than any real one', () => {
  // 50 KB, far under the body cap; each level once cost a stack frame to read.
  const deepFields = '{"errors":' + '{"a":'.repeat(10_000) + '"x"' + '}'.repeat(10_001);
  const deepMessage = '{"error":' + '['.repeat(10_000) + '"x"' + ']'.repeat(10_000) + '}';

  it('a 422 still becomes invalid_input, not a RangeError', async () => {
    const error = await failureOf(raw(422, deepFields, { 'Content-Type': 'application/json' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('Quaderno did not accept the');
  });

  it('a 500 still becomes server_error', async () => {
    const error = await failureOf(raw(500, deepMessage, { 'Content-Type': 'application/json' }));
    expect(error.code).toBe('server_error');
  });

  it('is read down to a bounded depth, shallower levels kept', () => {
    expect(parseErrorBody(deepFields)).toEqual({ message: null, fields: undefined });
    expect(parseErrorBody(deepMessage)).toEqual({ message: null, fields: undefined });
    expect(
      parseErrorBody('{"errors":{"customer":{"email":["is invalid"]},"deep":' + deepFields + '}}'),
    ).toEqual({ message: null, fields: { 'customer.email': 'is invalid' } });
  });
});

describe('parseErrorBody tolerates the shapes errors come in', () => {
  it.each([
    ['{"errors":{"email":["is invalid"]}}', null, { email: 'is invalid' }],
    ['{"errors":{"customer":{"email":["is invalid"]}}}', null, { 'customer.email': 'is invalid' }],
    ['{"errors":{"items":[{"product":["not found"]}]}}', null, { 'items.0.product': 'not found' }],
    ['{"errors":{"email":"is invalid"}}', null, { email: 'is invalid' }],
    ['{"errors":["Items is empty","Bad URL"]}', 'Items is empty; Bad URL', undefined],
    ['{"error":"Not pending"}', 'Not pending', undefined],
    ['{"message":"Nope"}', 'Nope', undefined],
    ['Service Unavailable', 'Service Unavailable', undefined],
    ['', null, undefined],
    ['[1,2]', '1; 2', undefined],
  ])('%s', (body, message, fields) => {
    expect(parseErrorBody(body)).toEqual({ message, fields });
  });
});

describe('the timeout message', () => {
  const context = { method: 'GET', endpoint: 'GET items', what: 'products', origin: 'x' };

  it('tells the true total when several tries timed out, not one try’s limit', () => {
    expect(timeoutError(context, 15_000, { tries: 5, waitedMs: 80_400 }).message).toBe(
      'Quaderno did not answer GET items in 5 tries of up to 15 seconds each, 80 seconds in all. Check your connection and try again.',
    );
  });

  it('keeps the short form for a single try', () => {
    expect(timeoutError(context, 15_000).message).toBe(
      'Quaderno did not answer within 15 seconds (GET items). Check your connection and try again.',
    );
  });
});

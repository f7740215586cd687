// The forward action against real endpoints on 127.0.0.1: what it sends, how it reads each kind
// of answer, and what it refuses to do (follow a redirect, read a huge body, wait forever).
import { describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { createForwardAction, type ForwardOptions } from '../../../main/delivery/forward';
import { actionRun } from '../../support/action-run';
import { deliveryFailureOf } from '../../support/delivery-failure';
import { useCleanups } from '../../support/cleanups';
import { startForwardSink } from '../../support/forward-sink';
import { opensslHmac } from '../../support/openssl-hmac';
import { hang, raw, startTinyServer, type Reply } from '../../unit/quaderno/tiny-server';

const { closing } = useCleanups();
const SECRET = 'whsec_forward_test_0123456789';

function forward(url: string, over: Partial<ForwardOptions> = {}) {
  const action = createForwardAction({ secret: () => Promise.resolve(SECRET), ...over });
  return (run = actionRun({ kind: 'forward', url })) => action(run);
}

describe('the forward action', { timeout: 30_000 }, () => {
  it('POSTs the sale as JSON, signed over "<t>.<raw body>", with the job’s Idempotency-Key', async () => {
    const sink = closing(await startForwardSink());
    const run = actionRun({ kind: 'forward', url: sink.url() });
    await createForwardAction({
      secret: (accountId, ruleId) =>
        Promise.resolve(accountId === 1 && ruleId === 7 ? SECRET : null),
      version: '0.1.0',
    })(run);
    const [got] = sink.received();
    expect(JSON.parse(got?.body ?? '')).toEqual(run.payload);
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['user-agent']).toBe('CheckoutConsole/0.1.0');
    expect(got?.idempotencyKey).toBe('sale-42-rule-7');
    const header = String(got?.headers['checkout-console-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    expect(v1).toBe(opensslHmac(SECRET, `${t}.${got?.body}`, 'hex', 'sha256'));
  });

  it('reports a 500 with what the endpoint said, then delivers on the next try with the same key', async () => {
    const sink = closing(await startForwardSink());
    sink.failNext(1, 500);
    const send = forward(sink.url());
    const failure = await deliveryFailureOf(send(), SECRET);
    expect(failure.message).toBe('127.0.0.1:' + new URL(sink.url()).port + ' answered 500: no');
    expect(failure.retryable).toBe(true);
    await send();
    expect(sink.received().map((r) => [r.status, r.idempotencyKey])).toEqual([
      [500, 'sale-42-rule-7'],
      [200, 'sale-42-rule-7'],
    ]);
  });

  it('quotes at most 200 characters of an error page, without control characters', async () => {
    const page = `\u001b[31mMaintenance\u0000\r\nX-Fake: 1\n${'x'.repeat(500)}`;
    const server = closing(await startTinyServer([raw(503, page)]));
    const failure = await deliveryFailureOf(forward(server.origin)(), SECRET);
    const quoted = failure.message.replace(/^.*? answered 503: /, '');
    expect(quoted).toMatch(/^\[31mMaintenance X-Fake: 1 x+…$/);
    expect(quoted.length).toBe(201);
    expect(failure.retryable).toBe(true);
  });

  it('needs the merchant at once for a 4xx the same body would get again, and retries 408/409/425/429', async () => {
    const statuses = [400, 401, 404, 422, 408, 409, 425, 429];
    const server = closing(await startTinyServer(statuses.map((s) => raw(s, 'nope'))));
    const send = forward(server.origin);
    const retryable: Record<number, boolean> = {};
    for (const status of statuses)
      retryable[status] = (await deliveryFailureOf(send(), SECRET)).retryable;
    expect(retryable).toEqual({
      400: false,
      401: false,
      404: false,
      422: false,
      408: true,
      409: true,
      425: true,
      429: true,
    });
  });

  it('does not follow a redirect: a signed sale is never replayed to another address', async () => {
    const elsewhere = closing(await startTinyServer([raw(200, 'ok')]));
    const moved = closing(
      await startTinyServer([raw(301, '', { Location: `${elsewhere.origin}/new?token=abc` })]),
    );
    const failure = await deliveryFailureOf(forward(moved.origin)(), SECRET);
    expect(failure.message).toContain(`answered 301, redirecting to ${elsewhere.origin}/new;`);
    expect(failure.message).not.toContain('token=abc');
    expect(failure.retryable).toBe(false);
    expect(elsewhere.seen).toEqual([]);
  });

  it('cuts an endpoint that never answers at the time limit, to try again later', async () => {
    const sink = closing(await startForwardSink());
    sink.hangNext(1);
    const failure = await deliveryFailureOf(forward(sink.url(), { timeoutMs: 500 })(), SECRET);
    expect(failure.message).toMatch(/^127\.0\.0\.1:\d+ did not answer within 1 s\.$/);
    expect(failure.retryable).toBe(true);
    expect(sink.received()).toHaveLength(1);
  });

  it('stops when the worker stops (the run’s signal), as a try to repeat', async () => {
    const server = closing(await startTinyServer([hang]));
    const stop = new AbortController();
    const attempt = forward(server.origin)(
      actionRun({ kind: 'forward', url: server.origin }, { signal: stop.signal }),
    );
    await expect.poll(() => server.seen.length).toBe(1);
    stop.abort();
    const failure = await deliveryFailureOf(attempt, SECRET);
    expect(failure.message).toMatch(/^Stopped before 127\.0\.0\.1:\d+ answered/);
    expect(failure.retryable).toBe(true);
  });

  it.each([200, 500])(
    'stops reading a 10 MB answer (%i) instead of downloading it whole',
    async (status) => {
      const finished: boolean[] = [];
      const huge: Reply = (res: ServerResponse) => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        const chunk = 'y'.repeat(64 * 1024);
        let sent = 0;
        const pump = (): void => {
          while (sent < 10 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.once('close', () => finished.push(res.writableFinished));
        pump();
      };
      const server = closing(await startTinyServer([huge]));
      const attempt = forward(server.origin)();
      if (status === 200) await attempt;
      else
        expect((await deliveryFailureOf(attempt, SECRET)).message).toMatch(
          /answered 500: y{200}…$/,
        );
      // The connection closed with most of the 10 MB never written: nobody was reading.
      await expect.poll(() => finished).toEqual([false]);
    },
  );

  it('refuses to send unsigned when the rule has no secret, without calling the endpoint', async () => {
    const sink = closing(await startForwardSink());
    const failure = await deliveryFailureOf(
      forward(sink.url(), { secret: () => Promise.resolve(null) })(),
      SECRET,
    );
    expect(failure.message).toMatch(/^Set the rule's signing secret/);
    expect(failure.retryable).toBe(false);
    expect(sink.received()).toEqual([]);
  });

  it('says an endpoint nobody listens on could not be reached, to try again', async () => {
    const server = await startTinyServer([raw(200, 'ok')]);
    await server.close();
    const failure = await deliveryFailureOf(forward(server.origin)(), SECRET);
    expect(failure.message).toMatch(
      /^127\.0\.0\.1:\d+ could not be reached: nothing is listening there\.$/,
    );
    expect(failure.retryable).toBe(true);
  });
});

// The email action keeps its mail server connections between jobs (issue 16: the outbox drains
// at >= 200 emails/s): one login serves many emails, and a changed setting or password still
// applies to the very next email.
import { describe, expect, it } from 'vitest';
import type { EmailAction } from '../../../preload/contract-delivery';
import { createEmailAction, type SmtpServer } from '../../../main/delivery/email';
import { actionRun } from '../../support/action-run';
import { useCleanups } from '../../support/cleanups';
import { deliveryFailureOf } from '../../support/delivery-failure';
import { LOOPBACK_SMTP } from '../../support/delivery-store';
import { startSmtpSink } from '../../support/smtp-sink';

const { closing } = useCleanups();
const PASSWORD = 'smtp-Pa55word-never-shown';

const thanks: EmailAction = {
  kind: 'email',
  subject: 'Your {product}',
  body: 'Hi {firstName}',
  downloadUrl: null,
};

async function sink() {
  return closing(await startSmtpSink({ login: { user: LOOPBACK_SMTP.user, pass: PASSWORD } }));
}

/** The action over settings and a password the test may change between sends. */
function pooledAction(current: { settings: SmtpServer; password: string }) {
  return closing(
    createEmailAction({
      smtp: () => current.settings,
      password: () => Promise.resolve(current.password),
    }),
  );
}

const run = (key: string) => actionRun(thanks, { idempotencyKey: key });

describe('the email action’s connections', () => {
  it('logs in once for emails sent one after another, and once per connection for emails sent at once', async () => {
    const smtp = await sink();
    const send = pooledAction({
      settings: { ...LOOPBACK_SMTP, port: smtp.port },
      password: PASSWORD,
    });
    for (const key of ['sale-1-rule-7', 'sale-2-rule-7', 'sale-3-rule-7']) await send(run(key));
    expect(smtp.logins).toEqual([LOOPBACK_SMTP.user]);
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => send(run(`sale-${k}-rule-7`))));
    expect(smtp.messages).toHaveLength(9);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(9);
    // Never more connections than the action's pool keeps, whatever the worker runs at once.
    expect(smtp.logins.length).toBeLessThanOrEqual(4);
  });

  it('uses a changed password or server for the next email, not the old connection', async () => {
    const first = await sink();
    const current = { settings: { ...LOOPBACK_SMTP, port: first.port }, password: PASSWORD };
    const send = pooledAction(current);
    await send(run('sale-1-rule-7'));

    current.password = 'a-wrong-password';
    const refused = await deliveryFailureOf(send(run('sale-2-rule-7')), 'a-wrong-password');
    expect(refused.message).toBe(
      `The mail server refused the login for ${LOOPBACK_SMTP.user}; check the user and password in Settings › Fulfilment.`,
    );
    expect(first.messages.map((m) => m.messageId)).toEqual(['<sale-1-rule-7@checkout-console>']);

    const second = await sink();
    current.password = PASSWORD;
    current.settings = { ...current.settings, port: second.port };
    await send(run('sale-3-rule-7'));
    expect(second.messages.map((m) => m.messageId)).toEqual(['<sale-3-rule-7@checkout-console>']);
    expect(first.messages).toHaveLength(1);
  });

  it('sends every email already on its way when the settings change, none failed by the old pool closing', async () => {
    const first = await sink();
    const second = await sink();
    const current = { settings: { ...LOOPBACK_SMTP, port: first.port }, password: PASSWORD };
    let passwordReads = 0;
    const send = closing(
      createEmailAction({
        smtp: () => current.settings,
        password: () => {
          // The server changes while the first four emails are on their way.
          if (++passwordReads === 4) current.settings = { ...current.settings, port: second.port };
          return Promise.resolve(current.password);
        },
      }),
    );
    // Eight at once, as the worker runs them: four take the pool's connections, four wait.
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const outcomes = await Promise.allSettled(keys.map((k) => send(run(`sale-${k}-rule-7`))));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const ids = [...first.messages, ...second.messages].map((m) => m.messageId);
    expect(new Set(ids).size).toBe(keys.length);
    // What had not started when the server changed went to the new one.
    expect(second.messages.map((m) => m.messageId).sort()).toEqual(
      ['e', 'f', 'g', 'h', 'i'].map((k) => `<sale-${k}-rule-7@checkout-console>`),
    );
  });

  it('says a try stopped while it waited for a connection, and never sends it', async () => {
    const smtp = closing(
      await startSmtpSink({ login: { user: LOOPBACK_SMTP.user, pass: PASSWORD }, hang: 'data' }),
    );
    const send = pooledAction({
      settings: { ...LOOPBACK_SMTP, port: smtp.port },
      password: PASSWORD,
    });
    // Four emails the server takes and never answers hold every connection.
    const stops = ['a', 'b', 'c', 'd'].map(() => new AbortController());
    const holding = stops.map((stop, i) =>
      send(actionRun(thanks, { idempotencyKey: `sale-${i}-rule-7`, signal: stop.signal })),
    );
    await expect.poll(() => smtp.held.length, { timeout: 30_000 }).toBe(4);
    const waitStop = new AbortController();
    const waiting = send(
      actionRun(thanks, { idempotencyKey: 'sale-5-rule-7', signal: waitStop.signal }),
    );
    waitStop.abort();
    const failure = await deliveryFailureOf(waiting);
    expect(failure.message).toBe(
      'Stopped while waiting for a connection to the mail server; it will be tried again.',
    );
    expect(failure.retryable).toBe(true);
    for (const stop of stops) stop.abort();
    await Promise.allSettled(holding);
    expect(smtp.held.map((m) => m.messageId)).not.toContain('<sale-5-rule-7@checkout-console>');
    expect(smtp.messages).toEqual([]);
  });

  it('opens a new connection after close(), so a stopped console can start again', async () => {
    const smtp = await sink();
    const send = pooledAction({
      settings: { ...LOOPBACK_SMTP, port: smtp.port },
      password: PASSWORD,
    });
    await send(run('sale-1-rule-7'));
    send.close();
    await send(run('sale-2-rule-7'));
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.logins).toEqual([LOOPBACK_SMTP.user, LOOPBACK_SMTP.user]);
  });

  it('keeps the pool of the settings that hold when a send read them just before a change', async () => {
    const first = await sink();
    const second = await sink();
    const current = { settings: { ...LOOPBACK_SMTP, port: first.port }, password: PASSWORD };
    // The first password read waits until the test lets it answer.
    let answerLate = (): void => undefined;
    let reads = 0;
    const send = closing(
      createEmailAction({
        smtp: () => current.settings,
        password: async () => {
          if (++reads === 1) await new Promise<void>((resolve) => (answerLate = resolve));
          return current.password;
        },
      }),
    );
    const late = send(run('sale-1-rule-7'));
    await expect.poll(() => reads).toBe(1);
    // The server changes while that send reads its password; the next email goes out at once.
    current.settings = { ...current.settings, port: second.port };
    await send(run('sale-2-rule-7'));
    answerLate();
    await late;
    await send(run('sale-3-rule-7'));
    // The late send did not put back a pool for the old server: the new one's login served both.
    expect(second.messages.map((m) => m.messageId)).toEqual([
      '<sale-2-rule-7@checkout-console>',
      '<sale-3-rule-7@checkout-console>',
    ]);
    expect(second.logins).toEqual([LOOPBACK_SMTP.user]);
  });

  it('keeps no turns for an account once its sends have ended', async () => {
    const smtp = await sink();
    const send = pooledAction({
      settings: { ...LOOPBACK_SMTP, port: smtp.port },
      password: PASSWORD,
    });
    for (let accountId = 1; accountId <= 10; accountId++) {
      const one = run(`sale-${accountId}-rule-7`);
      await send({ ...one, job: { ...one.job, accountId } });
    }
    expect(smtp.messages).toHaveLength(10);
    expect(send.accountsWithTurns()).toBe(0);
  });
});

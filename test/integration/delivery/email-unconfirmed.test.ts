// The email action against mail servers that fail in ways the worker must tell apart: one that
// took the whole email and then went silent, closed the connection or was stopped may have sent
// it (review R11 HIGH 1), one that failed before the email went out did not; and a server's reply,
// however long or full of terminal escapes, is quoted short and clean (R11 MEDIUM 4).
import { describe, expect, it } from 'vitest';
import type { EmailAction } from '../../../preload/contract-delivery';
import { createEmailAction, type SmtpServer } from '../../../main/delivery/email';
import { actionRun } from '../../support/action-run';
import { useCleanups } from '../../support/cleanups';
import { deliveryFailureOf } from '../../support/delivery-failure';
import { startFaultySmtp, type FaultyOptions } from '../../support/smtp-faults';

const { closing } = useCleanups();
const PASSWORD = 'smtp-Pa55word-never-shown';
const FAST = { connectMs: 1500, greetingMs: 1500, socketMs: 1500 };

const ebookEmail: EmailAction = {
  kind: 'email',
  subject: 'Your {product}',
  body: 'Hi {firstName}',
  downloadUrl: null,
};

/** The server offers no login, so a user and password set are never sent to it. */
async function faulty(options: FaultyOptions, login = { user: '', password: '' }) {
  const smtp = closing(await startFaultySmtp(options));
  const settings: SmtpServer = {
    host: smtp.host,
    port: smtp.port,
    security: 'none',
    user: login.user,
    from: 'shop@example.com',
  };
  const send = closing(
    createEmailAction({
      smtp: () => settings,
      password: () => Promise.resolve(login.password || null),
      timeoutsMs: FAST,
    }),
  );
  return { smtp, send, at: `127.0.0.1:${smtp.port}` };
}

describe('the email action, when the mail server does not confirm', { timeout: 30_000 }, () => {
  it('says an email the server took whole and never answered may have been sent', async () => {
    const { smtp, send, at } = await faulty({ afterData: 'silent' });
    const failure = await deliveryFailureOf(send(actionRun(ebookEmail)));
    expect(smtp.received).toEqual(['<sale-42-rule-7@checkout-console>']);
    expect(failure.message).toBe(
      `The mail server at ${at} took the whole email but stopped answering before confirming it, so it may have been sent.`,
    );
    expect([failure.retryable, failure.mayHaveDelivered]).toEqual([true, true]);
  });

  it('says so for a server that closes the connection after taking the whole email', async () => {
    const { smtp, send, at } = await faulty({ afterData: 'drop' });
    const failure = await deliveryFailureOf(send(actionRun(ebookEmail)));
    expect(smtp.received).toHaveLength(1);
    expect(failure.message).toBe(
      `The mail server at ${at} took the whole email but closed the connection without confirming it, so it may have been sent.`,
    );
    expect(failure.mayHaveDelivered).toBe(true);
  });

  it('says so for a try stopped while the server still had the email unconfirmed', async () => {
    const { smtp, send, at } = await faulty({ afterData: 'silent' });
    const stop = new AbortController();
    const attempt = send(actionRun(ebookEmail, { signal: stop.signal }));
    await expect.poll(() => smtp.received.length).toBe(1);
    stop.abort();
    const failure = await deliveryFailureOf(attempt);
    expect(failure.message).toBe(
      `The mail server at ${at} took the whole email but had not confirmed it when the try was stopped, so it may have been sent.`,
    );
    expect(failure.mayHaveDelivered).toBe(true);
  });

  it('says a connection closed before the email went out was closed without an answer, safe to retry', async () => {
    for (const options of [{ dropAt: 'RCPT' }, { dropAtConnect: true }]) {
      const { smtp, send, at } = await faulty(options);
      const failure = await deliveryFailureOf(send(actionRun(ebookEmail)));
      expect(smtp.received).toEqual([]);
      // Not "could not be reached: Reached maximum number of retries after connection was closed".
      expect(failure.message, JSON.stringify(options)).toBe(
        `The mail server at ${at} closed the connection without answering.`,
      );
      expect([failure.retryable, failure.mayHaveDelivered]).toEqual([true, false]);
    }
  });

  it('quotes a refusal short, on one line, without terminal escapes', async () => {
    const long = 'x'.repeat(900);
    const lines = Array.from({ length: 1000 }, () => `450-${long}\r\n`).join('');
    const { send } = await faulty({
      rcptReply: `450-\u001b[2J\u001b]0;pwned\u0007 mailbox busy\r\n${lines}450 try later\r\n`,
    });
    const failure = await deliveryFailureOf(send(actionRun(ebookEmail)));
    expect(failure.message).toMatch(/^The mail server refused the recipient \(450\)\. It said: /);
    expect(failure.message.length).toBeLessThan(300);
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(failure.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(failure.message).toContain('pwned');
    expect(failure.retryable).toBe(true);
  });

  it('hides a password the server echoes even where its reply is cut', async () => {
    // The password straddles the 200th character of the quoted reply.
    const { send } = await faulty(
      { rcptReply: `450 ${'y'.repeat(190)}${PASSWORD} later\r\n` },
      {
        user: 'shop',
        password: PASSWORD,
      },
    );
    const failure = await deliveryFailureOf(send(actionRun(ebookEmail)), PASSWORD.slice(0, 10));
    expect(failure.message).toContain(`${'y'.repeat(190)}•••`);
  });
});

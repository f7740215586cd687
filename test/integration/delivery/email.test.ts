// The email action against a real SMTP server on 127.0.0.1: the one message it sends per try,
// and the reason (and whether to retry) for each way a mail server can fail the merchant.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { EmailAction, SmtpSecurity } from '../../../preload/contract-delivery';
import {
  createEmailAction,
  sendTestEmail,
  type EmailActionDeps,
  type SmtpServer,
} from '../../../main/delivery/email';
import { actionRun } from '../../support/action-run';
import { useCleanups } from '../../support/cleanups';
import { deliveryFailureOf } from '../../support/delivery-failure';
import { startSmtpSink, type SinkOptions, type SmtpSink } from '../../support/smtp-sink';

const { closing } = useCleanups();
const USER = 'shop@example.com';
const PASSWORD = 'smtp-Pa55word-never-shown';
const FAST = { connectMs: 1500, greetingMs: 800, socketMs: 3000 };

const ebookEmail: EmailAction = {
  kind: 'email',
  subject: 'Your {product} key',
  body: 'Hi {firstName},\nyour key:\n{licenceKey}\nSession {sessionId}',
  downloadUrl: null,
};

function server(
  at: { host: string; port: number },
  security: SmtpSecurity = 'none',
  user = USER,
): SmtpServer {
  return { host: at.host, port: at.port, security, user, from: 'Shop <shop@example.com>' };
}

async function sink(options: SinkOptions = {}): Promise<SmtpSink> {
  return closing(await startSmtpSink({ login: { user: USER, pass: PASSWORD }, ...options }));
}

function emailAction(settings: SmtpServer | null, over: Partial<EmailActionDeps> = {}) {
  return createEmailAction({
    smtp: () => settings,
    password: () => Promise.resolve(PASSWORD),
    timeoutsMs: FAST,
    ...over,
  });
}

/** The DeliveryFailure a try ends with; its reason never holds the password. */
const failureOf = (attempt: Promise<void>) => deliveryFailureOf(attempt, PASSWORD);

/** A port that was free a moment ago: nothing listens on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the email action', () => {
  it('sends one email to the customer with the filled subject, body, key and a stable Message-ID', async () => {
    const smtp = await sink();
    await emailAction(server(smtp))(actionRun(ebookEmail));
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail?.to).toEqual(['jane@example.com']);
    expect(mail?.from).toBe('shop@example.com');
    expect(mail?.headers.from).toBe('Shop <shop@example.com>');
    expect(mail?.subject).toBe('Your Café Guide (ebook) key');
    expect(mail?.text).toBe('Hi Jane,\nyour key:\nKEY-AAAA-0001\nSession 623915001');
    expect(mail?.messageId).toBe('<sale-42-rule-7@checkout-console>');
    expect(mail?.headers['content-type']).toMatch(/^text\/plain/);
    expect(smtp.logins).toEqual([USER]);
  });

  it('sends the same Message-ID again on a second try of the same job, so a resend is recognisable', async () => {
    const smtp = await sink();
    const send = emailAction(server(smtp));
    await send(actionRun(ebookEmail));
    await send(actionRun(ebookEmail));
    expect(smtp.messages.map((m) => m.messageId)).toEqual([
      '<sale-42-rule-7@checkout-console>',
      '<sale-42-rule-7@checkout-console>',
    ]);
  });

  it('sends over STARTTLS and over TLS from the first byte to servers that speak them', async () => {
    for (const security of ['starttls', 'tls'] as const) {
      const smtp = await sink({ security });
      const trustedCa = smtp.ca ?? undefined;
      await emailAction(server(smtp, security), { trustedCa })(actionRun(ebookEmail));
      expect(smtp.messages.map((m) => m.to)).toEqual([['jane@example.com']]);
    }
  });

  it('needs the merchant when the server refuses the login, naming the user', async () => {
    const smtp = await sink();
    const failure = await failureOf(
      emailAction(server(smtp), { password: () => Promise.resolve('wrong') })(
        actionRun(ebookEmail),
      ),
    );
    expect(failure.message).toBe(
      `The mail server refused the login for ${USER}; check the user and password in Settings › Fulfilment.`,
    );
    expect(failure.retryable).toBe(false);
    expect(smtp.messages).toEqual([]);
  });

  it('retries a login the server cannot check for now (454), hiding the password it echoed', async () => {
    const smtp = await sink({
      login: { user: USER, pass: 'another' },
      loginRefusal: (user, pass) => ({ code: 454, message: `Try later, ${user}:${pass}` }),
    });
    const failure = await failureOf(emailAction(server(smtp))(actionRun(ebookEmail)));
    expect(failure.message).toBe(
      `The mail server could not check the login for ${USER} just now. It said: 454 Try later, ${USER}:•••`,
    );
    expect(failure.retryable).toBe(true);
  });

  it('hides the password when a server echoes the AUTH PLAIN token or the password in base64', async () => {
    const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const smtp = await sink({
      login: { user: USER, pass: 'another' },
      loginRefusal: (user, pass) => ({
        code: 454,
        message: `Bad token ${b64(`\u0000${user}\u0000${pass}`)} / ${b64(pass)}`,
      }),
    });
    const failure = await failureOf(emailAction(server(smtp))(actionRun(ebookEmail)));
    expect(failure.message).toContain('Bad token ••• / •••');
    expect(failure.message).not.toContain(b64(PASSWORD));
  });

  it('needs the merchant when no mail server is set up, or no password is stored for its user', async () => {
    const none = await failureOf(emailAction(null)(actionRun(ebookEmail)));
    expect([none.message, none.retryable]).toEqual([
      'Set up your mail server in Settings › Fulfilment.',
      false,
    ]);
    const smtp = await sink();
    const noPassword = await failureOf(
      emailAction(server(smtp), { password: () => Promise.resolve(null) })(actionRun(ebookEmail)),
    );
    expect(noPassword.message).toMatch(/No password is stored for shop@example\.com/);
    expect(noPassword.retryable).toBe(false);
  });

  it('needs the merchant for a sale with no customer email, sending nothing', async () => {
    const smtp = await sink();
    const run = actionRun(ebookEmail, {
      payload: { sale: { ...actionRun(ebookEmail).payload.sale, customerEmail: null } },
    });
    const failure = await failureOf(emailAction(server(smtp))(run));
    expect([failure.message, failure.retryable]).toEqual([
      'The sale has no customer email.',
      false,
    ]);
    expect(smtp.logins).toEqual([]);
  });

  it('sends nothing to a customer email that is not one address (a list, a display name, a Bcc)', async () => {
    const smtp = await sink();
    for (const customerEmail of [
      'buyer@example.com, stranger@example.org',
      'buyer@example.com\r\nBcc: stranger@example.org',
      '"Buyer" <stranger@example.org>',
    ]) {
      const run = actionRun(ebookEmail, {
        payload: { sale: { ...actionRun(ebookEmail).payload.sale, customerEmail } },
      });
      const failure = await failureOf(emailAction(server(smtp))(run));
      expect(failure.retryable, customerEmail).toBe(false);
      expect(failure.message).toContain('is not one address');
    }
    expect(smtp.messages).toEqual([]);
    expect(smtp.logins).toEqual([]);
  });

  it('says a TLS client met a plain server, and a STARTTLS client a server without it', async () => {
    const plain = await sink();
    const tls = await failureOf(emailAction(server(plain, 'tls'))(actionRun(ebookEmail)));
    expect(tls.message).toBe(
      `The mail server at 127.0.0.1:${plain.port} did not answer with TLS; it may expect STARTTLS (usually port 587): change the security in Settings › Fulfilment.`,
    );
    expect(tls.retryable).toBe(false);
    const starttls = await failureOf(emailAction(server(plain, 'starttls'))(actionRun(ebookEmail)));
    expect(starttls.message).toBe(
      `The mail server at 127.0.0.1:${plain.port} does not offer STARTTLS; set the security to TLS (usually port 465) or to what your provider says.`,
    );
    expect(starttls.retryable).toBe(false);
    expect(plain.messages).toEqual([]);
  });

  it('says the server wants encryption when a plain client meets one that needs STARTTLS before the login', async () => {
    const smtp = await sink({ security: 'starttls' });
    const failure = await failureOf(emailAction(server(smtp, 'none'))(actionRun(ebookEmail)));
    expect(failure.message).toBe(
      `The mail server at 127.0.0.1:${smtp.port} wants an encrypted connection before the login; set the security to STARTTLS (usually port 587) or TLS (465).`,
    );
    expect(failure.retryable).toBe(false);
  });

  it('says the certificate is not trusted when a TLS server shows one this computer does not know', async () => {
    const smtp = await sink({ security: 'tls' });
    const failure = await failureOf(emailAction(server(smtp, 'tls'))(actionRun(ebookEmail)));
    expect(failure.message).toBe(
      `The mail server at 127.0.0.1:${smtp.port} showed a certificate this computer does not trust (DEPTH_ZERO_SELF_SIGNED_CERT); check the host name, or ask your provider.`,
    );
    expect(failure.retryable).toBe(false);
  });

  it('retries when nothing listens on the port', async () => {
    const port = await closedPort();
    const failure = await failureOf(
      emailAction(server({ host: '127.0.0.1', port }))(actionRun(ebookEmail)),
    );
    expect(failure.message).toBe(
      `Nothing answered at 127.0.0.1:${port} (connection refused); check the host and port.`,
    );
    expect(failure.retryable).toBe(true);
  });

  it('retries a host name that does not resolve', async () => {
    const failure = await failureOf(
      emailAction(server({ host: 'no-such-host.invalid', port: 25 }))(actionRun(ebookEmail)),
    );
    expect(failure.message).toMatch(/could not be found \(DNS\)/);
    expect(failure.retryable).toBe(true);
  });

  it('gives up on a server that takes the connection but never greets, within the greeting limit', async () => {
    const smtp = await sink({ hang: 'greeting' });
    const started = Date.now();
    const failure = await failureOf(emailAction(server(smtp))(actionRun(ebookEmail)));
    expect(failure.message).toBe(
      `The mail server at 127.0.0.1:${smtp.port} took the connection but never greeted; check the port and security.`,
    );
    expect(failure.retryable).toBe(true);
    // Bounded by the limit handed in, not nodemailer's 30 s default (a generous margin for CI).
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('stops a send that hangs when the run is aborted, saying whether the server had the email', async () => {
    const smtp = await sink({ hang: 'data' });
    const stop = new AbortController();
    const attempt = emailAction(server(smtp), { timeoutsMs: { socketMs: 600_000 } })(
      actionRun(ebookEmail, { signal: stop.signal }),
    );
    // The server has the whole message and will never say 250: only the abort ends the try.
    await expect.poll(() => smtp.held.length).toBe(1);
    stop.abort();
    const failure = await failureOf(attempt);
    expect(failure.message).toBe(
      `The mail server at 127.0.0.1:${smtp.port} took the whole email but had not confirmed it when the try was stopped, so it may have been sent.`,
    );
    expect([failure.retryable, failure.mayHaveDelivered]).toEqual([true, true]);

    const silent = await sink({ hang: 'greeting' });
    const early = new AbortController();
    const before = emailAction(server(silent), { timeoutsMs: { greetingMs: 600_000 } })(
      actionRun(ebookEmail, { signal: early.signal }),
    );
    setTimeout(() => early.abort(), 200);
    const notSent = await failureOf(before);
    expect(notSent.message).toBe(
      'Stopped before the mail server took the email; it will be tried again.',
    );
    expect([notSent.retryable, notSent.mayHaveDelivered]).toEqual([true, false]);
  });

  it('retries a recipient the server refuses for now (4xx) and needs the merchant for one refused for good (5xx)', async () => {
    const smtp = await sink({
      refuseRecipient: (to) =>
        to === 'jane@example.com'
          ? { code: 550, message: 'No such user here' }
          : { code: 450, message: 'Mailbox busy, try later' },
    });
    const send = emailAction(server(smtp));
    const forGood = await failureOf(send(actionRun(ebookEmail)));
    expect(forGood.message).toMatch(
      /^The mail server refused the recipient \(550\)\..*No such user here/,
    );
    expect(forGood.retryable).toBe(false);
    const other = actionRun(ebookEmail);
    other.payload.sale.customerEmail = 'busy@example.com';
    const forNow = await failureOf(send(other));
    expect(forNow.message).toMatch(
      /^The mail server refused the recipient \(450\)\..*Mailbox busy/,
    );
    expect(forNow.retryable).toBe(true);
  });
});

describe('sendTestEmail', () => {
  it('sends the rendered sample to the merchant’s own From address', async () => {
    const smtp = await sink();
    const sent = await sendTestEmail(
      server(smtp),
      PASSWORD,
      { to: 'ann.lee@example.com', subject: 'Test: your key', body: 'SAMPLE-KEY' },
      { timeoutsMs: FAST },
    );
    expect(sent).toEqual({ sentTo: 'Shop <shop@example.com>' });
    expect(smtp.messages.map((m) => [m.to, m.subject, m.text])).toEqual([
      [['shop@example.com'], 'Test: your key', 'SAMPLE-KEY'],
    ]);
  });

  it('says no password is stored rather than trying a login without one', async () => {
    const smtp = await sink();
    const sample = { to: 'ann.lee@example.com', subject: 's', body: 'b' };
    const failure = await failureOf(
      sendTestEmail(server(smtp), null, sample).then(() => undefined),
    );
    expect([failure.message, failure.retryable]).toEqual([
      `No password is stored for ${USER}; enter it in Settings › Fulfilment.`,
      false,
    ]);
    expect(smtp.logins).toEqual([]);
  });
});

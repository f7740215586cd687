// Nodemailer is imported on the first send, not when the console starts: an install that cannot
// load it fails that send with what to do (the reason the merchant reads on the job), and the
// next send imports it afresh. A real SMTP server on 127.0.0.1 receives what does go out.
import { describe, expect, it } from 'vitest';
import type { EmailAction } from '../../../preload/contract-delivery';
import {
  createEmailAction,
  sendTestEmail,
  type SmtpServer,
  type TransportFactory,
} from '../../../main/delivery/email';
import { actionRun } from '../../support/action-run';
import { useCleanups } from '../../support/cleanups';
import { deliveryFailureOf } from '../../support/delivery-failure';
import { startSmtpSink } from '../../support/smtp-sink';

const { closing } = useCleanups();
const USER = 'shop@example.com';
const PASSWORD = 'smtp-Pa55word-never-shown';
const FAST = { connectMs: 1500, greetingMs: 800, socketMs: 3000 };
const MISSING = "Cannot find package 'nodemailer' imported from /app/out/cli/cli.mjs";
const WHAT_TO_DO = `Checkout Console could not load its mail library (${MISSING}); reinstall Checkout Console, then try again.`;

const ebookEmail: EmailAction = {
  kind: 'email',
  subject: 'Your {product} key',
  body: 'Your key: {licenceKey}',
  downloadUrl: null,
};

async function sink() {
  return closing(await startSmtpSink({ login: { user: USER, pass: PASSWORD } }));
}

function server(at: { host: string; port: number }): SmtpServer {
  return { host: at.host, port: at.port, security: 'none', user: USER, from: USER };
}

const realNodemailer = async (): Promise<TransportFactory> =>
  (await import('nodemailer')).createTransport;

/** Fails the first `failures` loads as a missing package would, then loads the real one. */
function nodemailerMissing(failures: number): () => Promise<TransportFactory> {
  let left = failures;
  return () => (left-- > 0 ? Promise.reject(new Error(`${MISSING}\n    at …`)) : realNodemailer());
}

describe('the mail library, loaded on the first send', () => {
  it('fails a delivery it cannot load with what to do, not to be retried, holding no turn', async () => {
    const smtp = await sink();
    const send = createEmailAction({
      smtp: () => server(smtp),
      password: () => Promise.resolve(PASSWORD),
      timeoutsMs: FAST,
      loadNodemailer: nodemailerMissing(Infinity),
    });
    const failure = await deliveryFailureOf(send(actionRun(ebookEmail)), PASSWORD);
    expect(failure.message).toBe(WHAT_TO_DO);
    expect(failure.retryable).toBe(false);
    expect(send.accountsWithTurns()).toBe(0);
    expect(smtp.messages).toEqual([]);
  });

  it('loads it again on the next delivery after a failed load, and sends', async () => {
    const smtp = await sink();
    const send = createEmailAction({
      smtp: () => server(smtp),
      password: () => Promise.resolve(PASSWORD),
      timeoutsMs: FAST,
      loadNodemailer: nodemailerMissing(1),
    });
    await deliveryFailureOf(send(actionRun(ebookEmail)), PASSWORD);
    await send(actionRun(ebookEmail));
    expect(smtp.messages.map((m) => m.to)).toEqual([['jane@example.com']]);
    send.close();
  });

  it('fails the test send it cannot load with the same words', async () => {
    const smtp = await sink();
    const rendered = { to: 'ann.lee@example.com', subject: 'Test', body: 'SAMPLE-KEY' };
    const attempt = sendTestEmail(server(smtp), PASSWORD, rendered, {
      timeoutsMs: FAST,
      loadNodemailer: nodemailerMissing(Infinity),
    });
    const failure = await deliveryFailureOf(
      attempt.then(() => undefined),
      PASSWORD,
    );
    expect(failure.message).toBe(WHAT_TO_DO);
    expect(smtp.messages).toEqual([]);
  });
});

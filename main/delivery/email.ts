// The "email the customer" action: the rule's email, filled for the sale, sent over the merchant's
// own mail server with Nodemailer. One transport per try, closed after it, so a changed setting or
// password applies to the next try and no idle connection outlives a send.
import { createTransport } from 'nodemailer';
import { z } from 'zod';
import type { SmtpSettings } from '../../preload/contract-delivery';
import { smtpFailure } from './smtp-failure';
import { renderDeliveryEmail, type RenderedEmail } from './template';
import { DeliveryFailure, type Action } from './types';

/** The server settings a send needs; whether a password is stored does not matter here. */
export type SmtpServer = Omit<SmtpSettings, 'hasPassword'>;

export interface SmtpTimeouts {
  /** Connecting, DNS included. */
  connectMs: number;
  /** From connected to the server's 220 greeting (a server that accepts but never speaks). */
  greetingMs: number;
  /** Silence in the middle of the conversation. */
  socketMs: number;
}

const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectMs: 15_000, greetingMs: 15_000, socketMs: 60_000 };

export interface SmtpSendOptions {
  timeoutsMs?: Partial<SmtpTimeouts>;
  /**
   * PEM of a certificate authority to trust instead of the system's: only for a test's
   * self-signed server. A merchant's server is checked against the system's authorities.
   */
  trustedCa?: string;
}

export interface EmailActionDeps extends SmtpSendOptions {
  smtp(accountId: number): SmtpServer | null;
  /** The SMTP password from the keychain; null when none is stored. */
  password(accountId: number): Promise<string | null>;
  /** How amounts are written; 'en' unless the merchant's locale is known. */
  locale?: string;
}

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Without brackets; the job's idempotency key, so a resend after a crash is the same message. */
  messageId: string;
}

const address = z.email();
/** One plain address: no list, no display name, no line break. */
export const oneAddress = (text: string): boolean => address.safeParse(text).success;

export const NO_SMTP_REASON = 'Set up your mail server in Settings › Fulfilment.';

/** The Message-ID of a job's email: the same on every try, so a resend can be recognised. */
export function deliveryMessageId(idempotencyKey: string): string {
  return `${idempotencyKey}@checkout-console`;
}

/** Sends one email; throws a DeliveryFailure whose reason says what to fix and whether to retry. */
export async function sendEmail(
  settings: SmtpServer,
  password: string | null,
  email: OutgoingEmail,
  signal: AbortSignal | undefined,
  options: SmtpSendOptions = {},
): Promise<void> {
  // A login with an empty password would only come back as "refused": say what is missing.
  if (settings.user && password === null)
    throw new DeliveryFailure(
      `No password is stored for ${settings.user}; enter it in Settings › Fulfilment.`,
      { retryable: false },
    );
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeoutsMs };
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.user && password !== null ? { user: settings.user, pass: password } : undefined,
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectMs,
    tls: options.trustedCa ? { ca: options.trustedCa } : undefined,
    // Nodemailer's own logger would print the AUTH exchange: never on.
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      // A customer's address goes as an address object, never a string Nodemailer would parse
      // as a list ("a@x, b@y"); the action refuses anything else first. The test send goes to
      // the merchant's own From, which may carry a display name.
      to: oneAddress(email.to) ? { name: '', address: email.to } : email.to,
      subject: email.subject,
      text: email.body,
      messageId: `<${email.messageId}>`,
      signal,
    });
  } catch (e) {
    throw smtpFailure(e, settings, password, signal);
  } finally {
    transport.close();
  }
}

/** The rule's email to the sale's customer; the worker retries what it throws when retryable. */
export function createEmailAction(deps: EmailActionDeps): Action {
  return async ({ job, rule, payload, signal }) => {
    if (rule.action.kind !== 'email')
      throw new DeliveryFailure(`Rule “${rule.name}” does not send an email.`, {
        retryable: false,
      });
    const settings = deps.smtp(job.accountId);
    if (!settings) throw new DeliveryFailure(NO_SMTP_REASON, { retryable: false });
    const password = settings.user ? await deps.password(job.accountId) : null;
    const rendered = renderDeliveryEmail(rule.action, payload, deps.locale);
    if (rendered.to && !oneAddress(rendered.to)) {
      // The address came from the customer through Quaderno: "a@x, b@y" or a CRLF and a Bcc
      // would send the product to someone else.
      throw new DeliveryFailure(
        `The sale's customer email ${JSON.stringify(rendered.to.slice(0, 120))} is not one address; deliver it by hand, then mark this done.`,
        { retryable: false },
      );
    }
    if (!rendered.to)
      throw new DeliveryFailure('The sale has no customer email.', { retryable: false });
    const messageId = deliveryMessageId(payload.idempotencyKey);
    await sendEmail(settings, password, { ...rendered, to: rendered.to, messageId }, signal, deps);
  };
}

/**
 * `rules.sendTest`: the rule's email for a sample sale, to the merchant's own From address.
 * Throws the same DeliveryFailure reasons a real send would, so the merchant can fix the settings.
 */
export async function sendTestEmail(
  settings: SmtpServer,
  password: string | null,
  rendered: RenderedEmail,
  options: SmtpSendOptions & { signal?: AbortSignal; idempotencyKey?: string } = {},
): Promise<{ sentTo: string }> {
  const key = options.idempotencyKey ?? `test-${Date.now()}`;
  const email = { ...rendered, to: settings.from, messageId: deliveryMessageId(key) };
  await sendEmail(settings, password, email, options.signal, options);
  return { sentTo: settings.from };
}

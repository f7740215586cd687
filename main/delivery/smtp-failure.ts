// What went wrong talking to the merchant's mail server, in words they can act on, and whether a
// later try can help. Nodemailer's error codes are documented in its dist/esm/errors.d.ts. Once
// the whole email went to the server, a failure without its reply (silence, a dropped connection,
// a stopped try) may have been sent anyway: RFC 5321 §4.5.3.2.6 has the server take the message
// before it answers, so the failure says so and the worker tries it at most once more.
import type { SmtpServer } from './email';
import { quotedExcerpt } from './reason-text';
import { DeliveryFailure } from './types';

/** How much of a server's reply a reason quotes (its own words, cut and on one line). */
const QUOTED_CHARS = 200;

interface MailError {
  code?: string;
  originalCode?: string;
  message: string;
  command?: string;
  response?: string;
  responseCode?: number;
  timeoutType?: string;
}

function asMailError(e: unknown): MailError {
  if (!(e instanceof Error)) return { message: String(e) };
  const f = e as Error & Record<string, unknown>;
  const text = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : undefined);
  return {
    message: e.message,
    code: text('code'),
    originalCode: text('originalCode'),
    command: text('command'),
    response: text('response'),
    responseCode: typeof f.responseCode === 'number' ? f.responseCode : undefined,
    timeoutType: text('timeoutType'),
  };
}

const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;
/** What OpenSSL says when the far end does not speak TLS at all. */
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|ssl3_get_record/i;
const DNS = new Set(['EDNS', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/** 4xx and 503 pass; 5xx is for good. */
function permanent(code: number | undefined): boolean {
  return code !== undefined && code >= 500 && code < 600 && code !== 503;
}

function reasonFor(
  e: MailError,
  s: SmtpServer,
  aborted: boolean,
  handedOver: boolean,
): DeliveryFailure {
  const at = `${s.host}:${s.port}`;
  const codes = [e.code, e.originalCode].filter((c): c is string => c !== undefined);
  const has = (c: string) => codes.includes(c);
  const reply = e.response ? quotedExcerpt(e.response, QUOTED_CHARS) : '';
  const said = reply ? ` It said: ${reply}` : '';
  const fail = (message: string, retryable: boolean) => new DeliveryFailure(message, { retryable });

  // The server had the email and gave no reply to it: it may have taken it.
  if (handedOver && e.responseCode === undefined) {
    const what =
      aborted || has('EABORT')
        ? 'had not confirmed it when the try was stopped'
        : has('ETIMEDOUT')
          ? 'stopped answering before confirming it'
          : 'closed the connection without confirming it';
    return new DeliveryFailure(
      `The mail server at ${at} took the whole email but ${what}, so it may have been sent.`,
      { retryable: true, mayHaveDelivered: true },
    );
  }
  if (aborted || has('EABORT'))
    return fail('Stopped before the mail server took the email; it will be tried again.', true);
  if (has('EAUTH') && (e.responseCode === 538 || /STARTTLS|encrypt/i.test(e.response ?? '')))
    return fail(
      `The mail server at ${at} wants an encrypted connection before the login; set the security to STARTTLS (usually port 587) or TLS (465).`,
      false,
    );
  if (has('EAUTH'))
    return permanent(e.responseCode) || e.responseCode === undefined
      ? fail(
          `The mail server refused the login for ${s.user}; check the user and password in Settings › Fulfilment.`,
          false,
        )
      : fail(`The mail server could not check the login for ${s.user} just now.${said}`, true);
  if (has('ENOAUTH'))
    return fail(
      'The mail server wants a login; add the user and password in Settings › Fulfilment.',
      false,
    );
  const certificate = codes.find((c) => CERTIFICATE.test(c));
  if (certificate)
    return fail(
      `The mail server at ${at} showed a certificate this computer does not trust (${certificate}); check the host name, or ask your provider.`,
      false,
    );
  if (s.security === 'starttls' && (has('ETLS') || (e.command === 'EHLO' && has('ECONNECTION'))))
    return fail(
      `The mail server at ${at} does not offer STARTTLS; set the security to TLS (usually port 465) or to what your provider says.`,
      false,
    );
  const notTls =
    has('ETLS') || codes.some((c) => c.startsWith('ERR_SSL')) || NOT_TLS.test(e.message);
  if (s.security === 'tls' && notTls)
    return fail(
      `The mail server at ${at} did not answer with TLS; it may expect STARTTLS (usually port 587): change the security in Settings › Fulfilment.`,
      false,
    );
  if (has('ECONNREFUSED'))
    return fail(`Nothing answered at ${at} (connection refused); check the host and port.`, true);
  if (codes.some((c) => DNS.has(c)))
    return fail(`The mail server ${s.host} could not be found (DNS); check the host name.`, true);
  if (has('ETIMEDOUT'))
    return fail(
      e.timeoutType === 'GREETING_TIMEOUT'
        ? `The mail server at ${at} took the connection but never greeted; check the port and security.`
        : e.timeoutType === 'CONNECT_TIMEOUT'
          ? `The mail server at ${at} did not answer in time; check the host and port.`
          : `The mail server at ${at} stopped answering mid-send.`,
      true,
    );
  if (e.responseCode !== undefined) {
    const what =
      e.command === 'MAIL FROM'
        ? `refused the sender ${s.from}`
        : e.command === 'RCPT TO' || has('EENVELOPE')
          ? 'refused the recipient'
          : 'refused the email';
    return fail(`The mail server ${what} (${e.responseCode}).${said}`, !permanent(e.responseCode));
  }
  // Nodemailer's pool says "Reached maximum number of retries after connection was closed".
  if (has('ECONNECTION'))
    return fail(`The mail server at ${at} closed the connection without answering.`, true);
  return fail(
    `The mail server at ${at} could not be reached: ${quotedExcerpt(e.message, QUOTED_CHARS)}`,
    true,
  );
}

/**
 * The reason never carries the password, whatever a server or library echoed back: it is hidden
 * before the server's words are cut short, so no cut leaves a piece of it. `handedOver`: the
 * whole email went to the server (the end of its DATA was sent).
 */
export function smtpFailure(
  e: unknown,
  settings: SmtpServer,
  password: string | null,
  signal?: AbortSignal,
  handedOver = false,
): DeliveryFailure {
  const raw = asMailError(e);
  const hide = (text: string) => {
    if (!password) return text;
    for (const form of passwordForms(settings.user, password)) text = text.split(form).join('•••');
    return text;
  };
  const told = {
    ...raw,
    message: hide(raw.message),
    response: raw.response === undefined ? undefined : hide(raw.response),
  };
  return reasonFor(told, settings, signal?.aborted === true, handedOver);
}

/**
 * The password as it may come back in a server's echo: itself, base64 alone (AUTH LOGIN), and
 * AUTH PLAIN's base64 token of "\0user\0password" (which holds it too).
 */
function passwordForms(user: string, password: string): string[] {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [b64(`\u0000${user}\u0000${password}`), b64(password), password];
}

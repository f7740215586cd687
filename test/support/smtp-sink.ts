// A real SMTP server (the smtp-server package) on 127.0.0.1 for delivery tests: records each
// message it accepts, and can demand a login, speak TLS with a certificate made for the test,
// refuse recipients, or hang at the greeting or the message to test time limits.
import { execFileSync } from 'node:child_process';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface SinkMail {
  from: string;
  to: string[];
  /** Header names in lower case, values unfolded and decoded. */
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  /** The text body, decoded. */
  text: string;
  raw: string;
}

export interface SinkOptions {
  /** none: plain, no STARTTLS; starttls: offered and required before login; tls: from byte one. */
  security?: 'none' | 'starttls' | 'tls';
  /** A login this server accepts; any other is refused with 535. No login asked when absent. */
  login?: { user: string; pass: string };
  /** The reply to a refused login (535 by default); may echo what was tried, as careless servers do. */
  loginRefusal?: (user: string, pass: string) => { code: number; message: string };
  /** An SMTP reply (e.g. 550 or 450) for a recipient the server refuses. */
  refuseRecipient?: (address: string) => { code: number; message: string } | undefined;
  /** greeting: takes connections and never says 220; data: takes the message and never answers. */
  hang?: 'greeting' | 'data';
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /** The PEM a client must trust to talk TLS to this server (null for a plain one). */
  ca: string | null;
  messages: SinkMail[];
  /** Users that tried to log in, refused or not. */
  logins: string[];
  /** Messages a `hang: 'data'` server took in full and never answered. */
  held: SinkMail[];
  close(): Promise<void>;
}

let testCertificate: { key: string; cert: string } | undefined;

/** One self-signed certificate for 127.0.0.1 per test process, made by openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  testCertificate ??= (() => {
    const pem = execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        '-',
        '-out',
        '-',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0];
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
    if (!key || !cert) throw new Error('openssl made no key and certificate');
    return { key, cert };
  })();
  return testCertificate;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BQbq])\?([^?]*)\?=\s*/g, (_all, _charset, kind, data) =>
    String(kind).toUpperCase() === 'B'
      ? Buffer.from(String(data), 'base64').toString('utf8')
      : decodeQuotedPrintable(String(data).replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => `%${hex}`)
    .replace(/[^%]/g, (c) => encodeURIComponent(c));
  return decodeURIComponent(bytes);
}

/** Enough MIME for a single-part text/plain message, which is all the delivery email is. */
export function parseMail(raw: string, envelope: { from: string; to: string[] }): SinkMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4).replace(/\r\n$/, '');
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return {
    ...envelope,
    headers,
    subject: headers.subject ?? '',
    messageId: headers['message-id'] ?? '',
    text: text.replace(/\r\n/g, '\n'),
    raw,
  };
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const security = options.security ?? 'none';
  const tls = security === 'none' ? null : selfSignedCertificate();
  const messages: SinkMail[] = [];
  const logins: string[] = [];
  const held: SinkMail[] = [];
  const config: SMTPServerOptions = {
    secure: security === 'tls',
    ...(tls ?? {}),
    disabledCommands: security === 'none' ? ['STARTTLS'] : [],
    allowInsecureAuth: security === 'none',
    authOptional: !options.login,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 50,
    onConnect(_session, callback) {
      if (options.hang !== 'greeting') callback();
    },
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      const ok =
        options.login &&
        auth.username === options.login.user &&
        auth.password === options.login.pass;
      if (ok) return callback(null, { user: auth.username });
      const refusal = options.loginRefusal?.(auth.username ?? '', auth.password ?? '') ?? {
        code: 535,
        message: 'Authentication credentials invalid',
      };
      callback(smtpError(refusal.code, refusal.message));
    },
    onRcptTo(address, _session, callback) {
      const refusal = options.refuseRecipient?.(address.address);
      callback(refusal ? smtpError(refusal.code, refusal.message) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        const mail = parseMail(Buffer.concat(chunks).toString('utf8'), { from, to });
        if (options.hang === 'data') return void held.push(mail);
        messages.push(mail);
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
  return {
    host: '127.0.0.1',
    port,
    ca: tls?.cert ?? null,
    messages,
    logins,
    held,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

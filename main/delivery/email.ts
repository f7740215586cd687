// The "email the customer" action: the rule's email, filled for the sale, sent over the merchant's
// own mail server with Nodemailer. The action keeps a small pool of connections per account,
// reused across jobs (a connection and a login per email held the outbox far below 200 emails/s),
// and starts a new pool as soon as a setting or the password differs, so a change applies to the
// next try; idle connections close after a few seconds. The test send opens its own and closes it.
import type { createTransport, Transporter } from 'nodemailer';
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

/**
 * The worker's limit for an email try (worker.ts's emailTryMs) is above these together, twice
 * (a try may wait its turn behind another send): a server slow to confirm is waited for, and its
 * silence ends the try here, where it is known whether the whole email went out.
 */
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectMs: 15_000,
  greetingMs: 15_000,
  socketMs: 60_000,
};

/** Nodemailer's transport factory, as its module exports it. */
export type TransportFactory = typeof createTransport;

export interface SmtpSendOptions {
  timeoutsMs?: Partial<SmtpTimeouts>;
  /**
   * PEM of a certificate authority to trust instead of the system's: only for a test's
   * self-signed server. A merchant's server is checked against the system's authorities.
   */
  trustedCa?: string;
  /** Where Nodemailer comes from; its real import unless a test stands in a failing one. */
  loadNodemailer?: () => Promise<TransportFactory>;
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

/**
 * Connections kept per account. Fewer than the worker's tries at once: some providers refuse
 * more than a few connections per login, and a try's commit overlaps the next one's send.
 */
const POOL_CONNECTIONS = 4;
/** An idle pooled connection is closed after this: well before a server would drop it. */
const POOL_IDLE_MS = 5_000;

// Nodemailer is imported on the first send, not at start-up: only the email action and the test
// send use it, and every CLI command and the app's launch would pay its ~75 ms import.
const importNodemailer = async (): Promise<TransportFactory> =>
  (await import('nodemailer')).createTransport;

/**
 * Nodemailer's factory; an install missing it fails the send with what to do, not the console's
 * start. A failed import is not kept: the next send tries again.
 */
async function transportFactory(options: SmtpSendOptions): Promise<TransportFactory> {
  try {
    return await (options.loadNodemailer ?? importNodemailer)();
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new DeliveryFailure(
      `Checkout Console could not load its mail library (${why}); reinstall Checkout Console, then try again.`,
      { retryable: false },
    );
  }
}

function transportOptions(settings: SmtpServer, password: string | null, options: SmtpSendOptions) {
  const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...options.timeoutsMs };
  return {
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
  };
}

/** A login with an empty password would only come back as "refused": say what is missing. */
function needPassword(settings: SmtpServer, password: string | null): void {
  if (settings.user && password === null)
    throw new DeliveryFailure(
      `No password is stored for ${settings.user}; enter it in Settings › Fulfilment.`,
      { retryable: false },
    );
}

/**
 * Per send, by the signal it hands Nodemailer (the try's, each try has its own; a new one for a
 * send without): whether the whole email went out.
 */
const handovers = new WeakMap<AbortSignal, { done: boolean }>();

/**
 * Marks a send's email handed over once Nodemailer has read all of it into the connection (only
 * after the server's 354; the end of DATA follows it at once). Nodemailer tells neither in its
 * errors: a dropped connection or a silence reads the same before and after.
 */
function watchHandovers(transport: Transporter): Transporter {
  return transport.use('stream', (mail, done) => {
    const signal = mail.data.signal;
    const handover = signal ? handovers.get(signal) : undefined;
    if (handover) {
      mail.message.processFunc((input) => {
        input.once('end', () => (handover.done = true));
        return input;
      });
    }
    done();
  });
}

async function deliverOver(
  transport: Transporter,
  settings: SmtpServer,
  password: string | null,
  email: OutgoingEmail,
  signal: AbortSignal | undefined,
): Promise<void> {
  const own = signal ?? new AbortController().signal;
  const handover = { done: false };
  handovers.set(own, handover);
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
      signal: own,
    });
  } catch (e) {
    throw smtpFailure(e, settings, password, signal, handover.done);
  }
}

/** Runs `send` over a connection of its own, closed after it. */
async function overOwnConnection(
  settings: SmtpServer,
  password: string | null,
  options: SmtpSendOptions,
  send: (transport: Transporter) => Promise<void>,
): Promise<void> {
  const create = await transportFactory(options);
  const transport = watchHandovers(create(transportOptions(settings, password, options)));
  try {
    await send(transport);
  } finally {
    transport.close();
  }
}

/** Sends one email over its own connection; throws a DeliveryFailure saying what to fix. */
export async function sendEmail(
  settings: SmtpServer,
  password: string | null,
  email: OutgoingEmail,
  signal: AbortSignal | undefined,
  options: SmtpSendOptions = {},
): Promise<void> {
  needPassword(settings, password);
  await overOwnConnection(settings, password, options, (transport) =>
    deliverOver(transport, settings, password, email, signal),
  );
}

/** The email action, and close() for its pooled connections when the worker stops. */
export type PooledEmailAction = Action & {
  close(): void;
  /** Accounts whose send turns are kept now: none once every send has ended. */
  accountsWithTurns(): number;
};

/**
 * How long a replaced pool may take to finish the sends it was handed before it is closed anyway:
 * each of them is already bounded by the worker's time limit (3 min for an email) and the
 * socket timeouts; closing sooner could cut a send the server is still confirming.
 */
const RETIRED_POOL_MS = 240_000;

interface Pool {
  key: string;
  transport: Transporter;
  /** Sends handed to this transport whose outcome is not known yet. */
  sending: number;
  retired: boolean;
}

/**
 * At most `size` sends at once, the rest waiting their turn, oldest first. Nodemailer's pool
 * would queue them itself, but what waits in its queue is bound to that pool's settings and is
 * failed ("Connection pool was closed") when a changed setting closes it; waiting here, a send
 * takes the settings that hold when its turn comes.
 */
function createTurns(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async take(signal: AbortSignal | undefined): Promise<void> {
      if (free > 0) {
        free--;
        return;
      }
      signal?.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', gaveUp);
          resolve();
        };
        const gaveUp = (): void => {
          waiting.splice(waiting.indexOf(go), 1);
          reject(signal?.reason);
        };
        waiting.push(go);
        signal?.addEventListener('abort', gaveUp, { once: true });
      });
    },
    give(): void {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
    /** No send holds or waits for a turn: the account's turns can be dropped and made anew. */
    idle: (): boolean => free === size && waiting.length === 0,
  };
}

/**
 * One pooled transport per account, for the settings and password it was opened with: another
 * setting or password opens a new one, and the old one is closed once the sends it was handed
 * have ended (or after RETIRED_POOL_MS), so a change never fails a send already on its way.
 */
function createPools(options: SmtpSendOptions) {
  const pools = new Map<number, Pool>();
  const retired = new Set<Pool>();
  const turns = new Map<number, ReturnType<typeof createTurns>>();

  function closeRetired(pool: Pool): void {
    if (!retired.delete(pool)) return;
    pool.transport.close();
  }
  function retire(pool: Pool): void {
    pool.retired = true;
    retired.add(pool);
    if (pool.sending === 0) closeRetired(pool);
    else setTimeout(() => closeRetired(pool), RETIRED_POOL_MS).unref();
  }
  function poolFor(
    create: TransportFactory,
    accountId: number,
    key: string,
    settings: SmtpServer,
    password: string | null,
  ) {
    const open = pools.get(accountId);
    if (open?.key === key) return open;
    if (open) retire(open);
    const transport = watchHandovers(
      create({
        ...transportOptions(settings, password, options),
        pool: true,
        maxConnections: POOL_CONNECTIONS,
        idleTimeout: POOL_IDLE_MS,
        // Nodemailer sends again, on a new connection, an email whose reused connection the
        // server had closed before a byte of it went out; once is enough for that, and any
        // other failure is the worker's to retry with backoff.
        maxRequeues: 1,
      }),
    );
    const pool: Pool = { key, transport, sending: 0, retired: false };
    pools.set(accountId, pool);
    return pool;
  }
  return {
    /**
     * Waits for one of the account's POOL_CONNECTIONS turns. The wait counts in the worker's
     * time limit for the try (worker.ts starts it when it calls the action, and the action
     * cannot move it): with the worker's 8 tries over 4 turns a send waits behind at most one
     * round of sends, each bounded by the same limit, and a try that runs out while waiting is
     * retried like any other.
     */
    turn(accountId: number, signal: AbortSignal | undefined): Promise<void> {
      let t = turns.get(accountId);
      if (!t) turns.set(accountId, (t = createTurns(POOL_CONNECTIONS)));
      return t.take(signal);
    },
    endTurn(accountId: number): void {
      const t = turns.get(accountId);
      t?.give();
      // Kept, the map would hold every account the console has ever sent for.
      if (t?.idle()) turns.delete(accountId);
    },
    /**
     * Runs one send over the account's transport for these settings, counted while it runs.
     * Settings that are no longer `current` (changed while the send read its password) go over
     * the pool only if it is still theirs: otherwise over a connection of their own, so a late
     * send never replaces the pool of the settings that hold now with one for a server gone.
     */
    async sendOver(
      create: TransportFactory,
      accountId: number,
      settings: SmtpServer,
      password: string | null,
      current: boolean,
      send: (transport: Transporter) => Promise<void>,
    ): Promise<void> {
      const key = JSON.stringify([settings, password]);
      if (!current && pools.get(accountId)?.key !== key) {
        await overOwnConnection(settings, password, options, send);
        return;
      }
      const pool = poolFor(create, accountId, key, settings, password);
      pool.sending++;
      try {
        await send(pool.transport);
      } finally {
        pool.sending--;
        if (pool.retired && pool.sending === 0) closeRetired(pool);
      }
    },
    accountsWithTurns: (): number => turns.size,
    close(): void {
      for (const pool of [...pools.values(), ...retired]) pool.transport.close();
      pools.clear();
      retired.clear();
    },
  };
}

/** The rule's email to the sale's customer; the worker retries what it throws when retryable. */
export function createEmailAction(deps: EmailActionDeps): PooledEmailAction {
  const pools = createPools(deps);
  const action: Action = async ({ job, rule, payload, signal }) => {
    if (rule.action.kind !== 'email')
      throw new DeliveryFailure(`Rule “${rule.name}” does not send an email.`, {
        retryable: false,
      });
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
    const email = {
      ...rendered,
      to: rendered.to,
      messageId: deliveryMessageId(payload.idempotencyKey),
    };
    if (!deps.smtp(job.accountId)) throw new DeliveryFailure(NO_SMTP_REASON, { retryable: false });
    // Before the turn: a send that cannot load Nodemailer holds no connection's place.
    const create = await transportFactory(deps);
    await pools.turn(job.accountId, signal).catch(() => {
      throw new DeliveryFailure(
        'Stopped while waiting for a connection to the mail server; it will be tried again.',
        { retryable: true },
      );
    });
    try {
      // Read once the turn has come, so a change made while the send waited applies to it.
      const settings = deps.smtp(job.accountId);
      if (!settings) throw new DeliveryFailure(NO_SMTP_REASON, { retryable: false });
      const password = settings.user ? await deps.password(job.accountId) : null;
      needPassword(settings, password);
      const now = deps.smtp(job.accountId);
      const current = JSON.stringify(now) === JSON.stringify(settings);
      await pools.sendOver(create, job.accountId, settings, password, current, (transport) =>
        deliverOver(transport, settings, password, email, signal),
      );
    } finally {
      pools.endTurn(job.accountId);
    }
  };
  return Object.assign(action, {
    close: pools.close,
    accountsWithTurns: () => pools.accountsWithTurns(),
  });
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

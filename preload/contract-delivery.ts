// Contract: automatic delivery (issue 14). A rule says which sales (all, or one product code) get
// which action (email the customer, forward the sale to a URL, run a command); recording a sale
// writes one job per matching rule to an outbox in the same transaction; a worker runs the jobs
// with retries. Licence keys are pools per product that sales take from. Secrets (the SMTP
// password, a forward rule's signing secret) go in through these inputs and never come back out:
// results say only whether one is stored.
import { z } from 'zod';
import { byId, empty, event, httpUrl, method } from './contract-base';

// ---------- rules ----------

export const ruleActionKinds = ['email', 'forward', 'command'] as const;
export type RuleActionKind = (typeof ruleActionKinds)[number];

export { DELIVERY_PLACEHOLDERS, type DeliveryPlaceholder } from './delivery-placeholders';

export interface EmailAction {
  kind: 'email';
  subject: string;
  body: string;
  /** What {downloadLink} becomes; null when the rule has none (then {downloadLink} is refused). */
  downloadUrl: string | null;
}

export interface ForwardAction {
  kind: 'forward';
  url: string;
}

export interface CommandAction {
  kind: 'command';
  /** Run through the shell with the sale as JSON on stdin; exit code 0 means delivered. */
  command: string;
  timeoutSeconds: number;
}

export type RuleAction = EmailAction | ForwardAction | CommandAction;

export interface DeliveryRule {
  id: number;
  name: string;
  /** null: every sale of the account. */
  productCode: string | null;
  action: RuleAction;
  enabled: boolean;
  /** Whether the sale's licence keys (one per unit bought) go into the email or forward. */
  useLicenceKeys: boolean;
  /** Forward rules: whether the keychain holds the signing secret. */
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

const ruleName = z.string().trim().min(1, 'Name the rule.').max(80, 'Use at most 80 characters.');
const productCode = z.string().trim().min(1).max(100).nullable();

export const emailActionInput = z
  .object({
    kind: z.literal('email'),
    subject: z.string().trim().min(1, 'Write a subject.').max(200),
    body: z.string().trim().min(1, 'Write the email.').max(20000),
    downloadUrl: httpUrl('Use the http(s) address of the download.').nullable().default(null),
  })
  .strict();

export const forwardActionInput = z
  .object({
    kind: z.literal('forward'),
    url: httpUrl('Use the http(s) address of your endpoint.').refine(
      // fetch refuses such a URL, and the rule would keep them in plain sight: the signature
      // is what proves a delivery is ours.
      (url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url),
      'Leave the user name and password out of the address: each delivery is signed instead.',
    ),
  })
  .strict();

export const commandActionInput = z
  .object({
    kind: z.literal('command'),
    command: z.string().trim().min(1, 'Write the command to run.').max(2000),
    timeoutSeconds: z.number().int().min(1).max(600).default(30),
  })
  .strict();

export const ruleActionInput = z.discriminatedUnion('kind', [
  emailActionInput,
  forwardActionInput,
  commandActionInput,
]);

/** The forward rule's HMAC secret: sent in, kept in the keychain, never sent back. */
const forwardSecret = z
  .string()
  .min(16, 'Use a secret of at least 16 characters.')
  .max(200, 'Use at most 200 characters.');

export const ruleAddInput = z
  .object({
    name: ruleName,
    productCode: productCode.default(null),
    action: ruleActionInput,
    enabled: z.boolean().default(true),
    useLicenceKeys: z.boolean().default(false),
    secret: forwardSecret.optional(),
  })
  .strict();
export type RuleAddRequest = z.input<typeof ruleAddInput>;

export const ruleEditInput = z
  .object({
    id: z.number().int().positive(),
    name: ruleName.optional(),
    productCode: productCode.optional(),
    action: ruleActionInput.optional(),
    useLicenceKeys: z.boolean().optional(),
    /** Absent keeps the stored secret. */
    secret: forwardSecret.optional(),
  })
  .strict();

// ---------- jobs (the outbox) ----------

export const jobStatuses = ['pending', 'done', 'needs_attention'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export interface DeliveryJob {
  id: number;
  saleId: number;
  ruleId: number;
  /** The rule's name when the job was written (a rule removed later still reads here). */
  ruleName: string;
  kind: RuleActionKind;
  status: JobStatus;
  /** Tries started so far (a try cut short by a crash counts). */
  attempts: number;
  maxAttempts: number;
  /** When the next try is due (pending jobs). */
  nextTryAt: string | null;
  lastError: string | null;
  doneAt: string | null;
  /** 'rule': the action succeeded; 'merchant': marked done by hand. */
  doneBy: 'rule' | 'merchant' | null;
  /** Sent with a forward as `Idempotency-Key`, in a command's environment, as the email's Message-ID. */
  idempotencyKey: string;
  createdAt: string;
}

/** A job as `jobs.list` gives it. */
export interface ListedJob extends DeliveryJob {
  /** Pending, but its sale is marked fulfilled by hand: not tried until that is undone. */
  held: boolean;
}

export const jobListInput = z
  .object({
    saleId: z.number().int().positive().optional(),
    status: z.enum(jobStatuses).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

// ---------- licence keys ----------

export interface LicenceKeyPool {
  productCode: string;
  productName: string | null;
  /** Keys no sale has taken yet. */
  free: number;
  taken: number;
  /** True when `free` is below the warning threshold. */
  low: boolean;
}

/** A key as a delivery carries it (the payload's `licenceKeys`). */
export interface LicenceKey {
  productCode: string;
  key: string;
}

/** A key a sale took, as its detail shows it. */
export interface SaleLicenceKey extends LicenceKey {
  /** The product's name in the catalogue, or on the sale; null when neither names it. */
  productName: string | null;
}

/** What `keys.add` did. */
export interface KeysAdded {
  added: number;
  /** Blank, already in the pool or given twice. */
  skipped: number;
  pool: LicenceKeyPool;
  /**
   * Sales whose deliveries had stopped for want of this product's keys and are queued again by
   * this add (a running worker sends them within seconds).
   */
  waitingSales: number;
}

export const keysAddInput = z
  .object({
    productCode: z.string().trim().min(1, 'Choose the product the keys are for.').max(100),
    /** One key per entry; blanks and keys already in the pool are skipped. */
    keys: z
      .array(z.string().trim().max(500, 'A key is at most 500 characters.'))
      .min(1, 'Paste at least one key.')
      .max(100000, 'Add at most 100,000 keys at a time.'),
  })
  .strict();

// ---------- the merchant's mail server ----------

export const smtpSecurities = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof smtpSecurities)[number];

export interface SmtpSettings {
  host: string;
  port: number;
  /** tls: TLS from the first byte (465); starttls: upgrade required (587); none: plain (tests). */
  security: SmtpSecurity;
  user: string;
  /** The From address of delivery emails. */
  from: string;
  /** Whether the keychain holds the password. */
  hasPassword: boolean;
}

// A DNS name (labels of letters, digits and inner hyphens, joined by dots, an optional final
// dot) or an IP literal (IPv6 bare or in brackets): 'smtp gmail' is refused when it is saved,
// not when the first email cannot be sent.
const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
function isHostName(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (ipv6.safeParse(bare).success) return true;
  if (bare !== host) return false;
  if (ipv4.safeParse(host).success) return true;
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  // All digits in every label reads as an IPv4 address, and not a valid one.
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => dnsLabel.test(l));
}

export const smtpSetInput = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, { error: 'Enter the mail server host.', abort: true })
      .max(255, { abort: true })
      .refine(isHostName, {
        error: (issue) =>
          `'${String(issue.input)}' is not a host name: write it like smtp.gmail.com`,
      }),
    port: z.number().int().min(1, 'Use a port from 1 to 65535.').max(65535),
    security: z.enum(smtpSecurities),
    user: z.string().trim().max(255),
    from: z.email('Use an email address customers can reply to.'),
    /**
     * Absent keeps the stored password while host, port, user and security stay the same (and
     * drops it when one changes); '' removes it.
     */
    password: z.string().max(500).optional(),
  })
  .strict();

// ---------- methods and events ----------

export const deliveryMethods = {
  'rules.list': method<DeliveryRule[]>()(empty),
  'rules.add': method<DeliveryRule>()(ruleAddInput),
  'rules.edit': method<DeliveryRule>()(ruleEditInput),
  'rules.remove': method<{ removed: true }>()(byId),
  'rules.setEnabled': method<DeliveryRule>()(
    z.object({ id: z.number().int().positive(), enabled: z.boolean() }).strict(),
  ),
  /** The email a rule would send for a sample sale (or the sale `saleId`), nothing sent. */
  'rules.preview': method<{ to: string; subject: string; body: string }>()(
    z
      .object({ id: z.number().int().positive(), saleId: z.number().int().positive().optional() })
      .strict(),
  ),
  /** Sends the rule's email for a sample sale to the merchant's own address (the From address). */
  'rules.sendTest': method<{ sentTo: string }>()(byId),
  'jobs.list': method<{ items: ListedJob[]; total: number }>()(jobListInput),
  /** A job that needs attention (or a pending one) tries again now. */
  'jobs.retry': method<DeliveryJob>()(byId),
  /** The merchant delivered by hand: the job stops, the sale counts as delivered. */
  'jobs.markDone': method<DeliveryJob>()(byId),
  'keys.list': method<LicenceKeyPool[]>()(empty),
  'keys.add': method<KeysAdded>()(keysAddInput),
  /** The keys a sale took. */
  'keys.forSale': method<SaleLicenceKey[]>()(byId),
  'smtp.get': method<SmtpSettings | null>()(empty),
  'smtp.set': method<SmtpSettings>()(smtpSetInput),
} as const;

export const deliveryEvents = {
  /** A job was written, tried, retried or finished: re-read the sale's jobs and the counts. */
  'jobs.changed': event<{ saleId: number; jobId: number; status: JobStatus }>(),
  'rules.changed': event<Record<string, never>>(),
  /** A product's pool fell below the warning threshold after a sale took a key. */
  'keys.low': event<{ productCode: string; free: number }>(),
} as const;

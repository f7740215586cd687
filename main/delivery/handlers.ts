// The delivery contract methods (rules.*, jobs.*, keys.*, smtp.*), for the active account. The
// repos are the store's; the email pieces (template checks, preview, test send) are handed in so
// this file stays the thin layer between the contract and them.
import type { Emit } from '../../preload/contract';
import type { DeliveryRule, EmailAction, RuleAction } from '../../preload/contract-delivery';
import type { Fulfillment } from '../../preload/contract-live';
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';
import type { SecretStore } from '../secrets';
import { notFound, ruleNotFound } from '../store';
import type { SmtpStore } from './smtp-settings';
import {
  secretNames,
  type DeliveryJobsRepo,
  type DeliveryRulesRepo,
  type LicenceKeysRepo,
} from './types';

export type DeliveryHandlers = Pick<
  Handlers,
  | 'rules.list'
  | 'rules.add'
  | 'rules.edit'
  | 'rules.remove'
  | 'rules.setEnabled'
  | 'rules.preview'
  | 'rules.sendTest'
  | 'jobs.list'
  | 'jobs.retry'
  | 'jobs.markDone'
  | 'keys.list'
  | 'keys.add'
  | 'keys.forSale'
  | 'smtp.get'
  | 'smtp.set'
>;

export interface RenderedEmail {
  to: string;
  subject: string;
  body: string;
}

export interface DeliveryDeps {
  rules: DeliveryRulesRepo;
  jobs: DeliveryJobsRepo;
  keys: LicenceKeysRepo;
  sale(accountId: number, id: number): Fulfillment | undefined;
  /** The catalogue's product codes (empty while it was never synced). */
  productCodes(accountId: number): string[];
  smtp: SmtpStore;
  secrets: SecretStore;
  activeAccount(): { id: number } | null;
  emit: Emit;
  /** The worker looks for due jobs now (a retry, a rule switched on). */
  wake(): void;
  /**
   * Whether this caller may add or change command rules: the CLI yes, the app's page never (a
   * page that could write a command could run anything on the merchant's machine).
   */
  allowCommandRules: boolean;
  /** CHECKOUT_CONSOLE_FORWARD_SECRET signs every forward rule: a new one needs no secret given. */
  forwardSecretInEnv: boolean;
  /** Field path ('action.body') → what is wrong; {} when the action is fine. */
  actionProblems(action: RuleAction, useLicenceKeys: boolean): Record<string, string>;
  /** The email `action` makes for `sale`, or for a sample sale when it is null. */
  renderEmail(
    accountId: number,
    rule: DeliveryRule,
    action: EmailAction,
    sale: Fulfillment | null,
  ): RenderedEmail;
  /** Sends `email` through the account's mail server (the test send). */
  sendEmail(accountId: number, email: RenderedEmail): Promise<void>;
  /** Free keys below this count make a pool "low". */
  lowKeysBelow: number;
  nowMs?: () => number;
}

const isLoopback = (host: string): boolean =>
  ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host.toLowerCase());

const invalid = (fields: Record<string, string>): ConsoleError =>
  new ConsoleError('invalid_input', Object.values(fields)[0] ?? 'Check the highlighted fields.', {
    fields,
  });

const commandRefused = () =>
  invalid({
    'action.command':
      'Command rules run only under `checkout-console listen`: add or change them with `checkout-console rule`.',
  });

export function createDeliveryHandlers(deps: DeliveryDeps): DeliveryHandlers {
  const nowMs = deps.nowMs ?? Date.now;
  const accountId = (): number => {
    const active = deps.activeAccount();
    if (active === null) {
      throw new ConsoleError('no_account', 'Add a Quaderno account or use the sandbox first.');
    }
    return active.id;
  };
  // A keychain that cannot be reached (a headless server) lists the rule as having no secret
  // rather than failing the whole list; a delivery still says why it cannot sign.
  const secretKnown = (account: number, ruleId: number): Promise<boolean> =>
    deps.secrets.get(secretNames.forwardSecret(account, ruleId)).then(
      (s) => s !== null,
      (e: unknown) => {
        if (e instanceof ConsoleError && e.code === 'keychain_unavailable') return false;
        throw e;
      },
    );
  const withSecret = async (
    account: number,
    rule: Omit<DeliveryRule, 'hasSecret'>,
  ): Promise<DeliveryRule> => ({
    ...rule,
    hasSecret: rule.action.kind === 'forward' && (await secretKnown(account, rule.id)),
  });
  const mustGetRule = (account: number, id: number) => {
    const rule = deps.rules.get(account, id);
    if (!rule) throw ruleNotFound(id);
    return rule;
  };
  // A rule for a product the catalogue does not sell would never match a sale; an empty
  // catalogue (not synced yet, offline) is no evidence either way.
  const checkProduct = (account: number, code: string | null | undefined) => {
    if (code === null || code === undefined) return;
    const known = deps.productCodes(account);
    if (known.length > 0 && !known.includes(code)) {
      throw invalid({
        productCode: `No product with code ${code} in the catalogue: pick one from the list, or sync the products.`,
      });
    }
  };
  const check = (action: RuleAction, useLicenceKeys: boolean) => {
    if (action.kind === 'command' && !deps.allowCommandRules) throw commandRefused();
    const problems = deps.actionProblems(action, useLicenceKeys);
    if (Object.keys(problems).length > 0) throw invalid(problems);
  };
  const changed = () => deps.emit('rules.changed', {});
  const jobChanged = (job: {
    id: number;
    saleId: number;
    status: 'pending' | 'done' | 'needs_attention';
  }) => deps.emit('jobs.changed', { saleId: job.saleId, jobId: job.id, status: job.status });
  const emailRule = (account: number, id: number) => {
    const rule = mustGetRule(account, id);
    if (rule.action.kind !== 'email') {
      throw new ConsoleError('invalid_input', `Rule '${rule.name}' does not send an email.`);
    }
    return { rule, action: rule.action };
  };

  return {
    'rules.list': async () => {
      const account = accountId();
      return Promise.all(deps.rules.list(account).map((r) => withSecret(account, r)));
    },
    'rules.add': async (input) => {
      const account = accountId();
      check(input.action, input.useLicenceKeys);
      checkProduct(account, input.productCode);
      if (
        input.action.kind === 'forward' &&
        input.secret === undefined &&
        !deps.forwardSecretInEnv
      ) {
        throw invalid({ secret: 'Set a signing secret: your endpoint checks each sale with it.' });
      }
      const rule = deps.rules.add(account, {
        name: input.name,
        productCode: input.productCode,
        action: input.action,
        enabled: input.enabled,
        useLicenceKeys: input.useLicenceKeys,
      });
      if (input.secret !== undefined && input.action.kind === 'forward') {
        try {
          await deps.secrets.set(secretNames.forwardSecret(account, rule.id), input.secret);
        } catch (e) {
          // No rule without its secret: it would only ever fail.
          deps.rules.remove(account, rule.id);
          throw e;
        }
      }
      changed();
      return withSecret(account, rule);
    },
    'rules.edit': async (input) => {
      const account = accountId();
      const old = mustGetRule(account, input.id);
      if (old.action.kind === 'command' && !deps.allowCommandRules) throw commandRefused();
      const action = input.action ?? old.action;
      const useLicenceKeys = input.useLicenceKeys ?? old.useLicenceKeys;
      check(action, useLicenceKeys);
      checkProduct(account, input.productCode);
      const secretName = secretNames.forwardSecret(account, old.id);
      if (action.kind === 'forward' && input.secret === undefined) {
        if (!(await secretKnown(account, old.id))) {
          throw invalid({
            secret: 'Set a signing secret: your endpoint checks each sale with it.',
          });
        }
      }
      if (action.kind === 'forward' && input.secret !== undefined) {
        await deps.secrets.set(secretName, input.secret);
      }
      const rule = deps.rules.edit(account, old.id, {
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.productCode === undefined ? {} : { productCode: input.productCode }),
        action,
        useLicenceKeys,
      });
      // Only a rule that was a forward has a secret to drop (a headless server may have no
      // keychain at all: editing an email rule must not need one).
      if (old.action.kind === 'forward' && action.kind !== 'forward') {
        await deps.secrets.delete(secretName);
      }
      changed();
      return withSecret(account, rule);
    },
    'rules.remove': async ({ id }) => {
      const account = accountId();
      const rule = mustGetRule(account, id);
      if (rule.action.kind === 'command' && !deps.allowCommandRules) throw commandRefused();
      deps.rules.remove(account, id);
      if (rule.action.kind === 'forward') {
        await deps.secrets.delete(secretNames.forwardSecret(account, id));
      }
      changed();
      return { removed: true };
    },
    'rules.setEnabled': async ({ id, enabled }) => {
      const account = accountId();
      const old = mustGetRule(account, id);
      // Switching a command rule on is running it: the CLI's alone, as writing one is.
      if (old.action.kind === 'command' && !deps.allowCommandRules) throw commandRefused();
      const rule = deps.rules.edit(account, id, { enabled });
      changed();
      if (enabled) deps.wake();
      return withSecret(account, rule);
    },
    'rules.preview': async ({ id, saleId }) => {
      const account = accountId();
      const { rule, action } = emailRule(account, id);
      let sale: Fulfillment | null = null;
      if (saleId !== undefined) {
        sale = deps.sale(account, saleId) ?? null;
        if (sale === null) throw notFound('sale', saleId);
      }
      return deps.renderEmail(account, await withSecret(account, rule), action, sale);
    },
    'rules.sendTest': async ({ id }) => {
      const account = accountId();
      const { rule, action } = emailRule(account, id);
      const smtp = deps.smtp.settings(account);
      if (smtp === null) {
        throw new ConsoleError(
          'invalid_input',
          'Set up your mail server in Settings › Fulfilment first.',
        );
      }
      const email = deps.renderEmail(account, await withSecret(account, rule), action, null);
      await deps.sendEmail(account, { ...email, to: smtp.from });
      return { sentTo: smtp.from };
    },
    'jobs.list': async (q) => deps.jobs.list(accountId(), q),
    'jobs.retry': async ({ id }) => {
      const job = deps.jobs.retry(accountId(), id, nowMs());
      jobChanged(job);
      deps.wake();
      return job;
    },
    'jobs.markDone': async ({ id }) => {
      const account = accountId();
      const job = deps.jobs.markDone(account, id);
      jobChanged(job);
      deps.emit('fulfillments.changed', { ids: [job.saleId] });
      return job;
    },
    'keys.list': async () => deps.keys.pools(accountId(), deps.lowKeysBelow),
    'keys.add': async ({ productCode, keys }) => {
      const account = accountId();
      const { added, skipped, requeued } = deps.keys.add(account, productCode, keys);
      const pool = deps.keys
        .pools(account, deps.lowKeysBelow)
        .find((p) => p.productCode === productCode);
      if (!pool)
        throw new ConsoleError('internal', 'The keys were added but their pool did not read back.');
      // A sale with several rules handing out these keys has a job for each: count it once.
      const waitingSales = new Set(requeued.map((job) => job.saleId)).size;
      return { added, skipped, pool, waitingSales };
    },
    'keys.forSale': async ({ id }) => deps.keys.forSale(accountId(), id),
    'smtp.get': async () => deps.smtp.view(accountId()),
    'smtp.set': async ({ password, ...settings }) => {
      if (settings.security === 'none' && settings.user !== '' && !isLoopback(settings.host)) {
        throw invalid({
          security:
            'A password would cross the network unencrypted: choose TLS or STARTTLS (plain is only for a mail server on this computer).',
        });
      }
      return deps.smtp.save(accountId(), settings, password);
    },
  };
}

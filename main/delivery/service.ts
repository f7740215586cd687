// Automatic delivery put together for one console: the mail server settings, the actions, the
// worker that runs the outbox, and the contract's handlers. console.ts calls this once.
import type { Emit } from '../../preload/contract';
import type { DeliveryRule, EmailAction, RuleActionKind } from '../../preload/contract-delivery';
import type { Fulfillment } from '../../preload/contract-live';
import { deliveryTemplateFieldErrors } from '../../preload/delivery-template';
import { ConsoleError } from '../errors';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import { createCommandAction } from './command';
import { forwardSecretInEnv, withEnvSecrets } from './env-secrets';
import { createEmailAction, NO_SMTP_REASON, sendTestEmail } from './email';
import { createForwardAction } from './forward';
import { createDeliveryHandlers, type DeliveryHandlers, type RenderedEmail } from './handlers';
import { buildPayload, LOW_KEYS_BELOW, productLabel } from './payload';
import { sampleSale } from './sample-sale';
import { createSmtpStore } from './smtp-settings';
import { renderDeliveryEmail } from './template';
import { DeliveryFailure, secretNames, type Action, type LicenceKeysRepo } from './types';
import { createDeliveryWorker, type DeliveryWorker } from './worker';

export interface DeliveryOptions {
  /**
   * Whether this console runs the outbox's worker: the app and `listen`/`demo` do; a one-shot CLI
   * command (`links`, `rules`) and most tests do not.
   */
  run?: boolean;
  /**
   * Command rules: the CLI may write them and `listen` runs them. The app's page never may (a page
   * that could write a command could run anything on the merchant's machine).
   */
  commands?: boolean;
  /** Worker limits for tests (per-try time, concurrency). */
  limits?: Parameters<typeof createDeliveryWorker>[0]['limits'];
}

export interface DeliveryDepsForConsole {
  store: Store;
  secrets: SecretStore;
  /** CHECKOUT_CONSOLE_SMTP_PASSWORD / _FORWARD_SECRET[_<rule id>] (env-secrets.ts). */
  env: NodeJS.ProcessEnv;
  emit: Emit;
  activeAccount(): { id: number } | null;
  version: string;
  options?: DeliveryOptions | undefined;
  log?: (message: string) => void;
}

export interface Delivery {
  handlers: DeliveryHandlers;
  /** Starts the worker when this console runs it. */
  start(): void;
  /** A sale was recorded: its jobs may be due now. */
  wake(): void;
  stop(): Promise<void>;
}

export function createDelivery(deps: DeliveryDepsForConsole): Delivery {
  const { store } = deps;
  const secrets = withEnvSecrets(deps.secrets, deps.env);
  const options = deps.options ?? {};
  const smtp = createSmtpStore({ settings: store.settings, secrets });
  const secret = (accountId: number, ruleId: number) =>
    secrets.get(secretNames.forwardSecret(accountId, ruleId));
  const email = createEmailAction({ smtp: smtp.settings, password: smtp.password });
  const actions: Partial<Record<RuleActionKind, Action>> = {
    email,
    forward: createForwardAction({ secret, version: deps.version }),
    ...(options.commands ? { command: createCommandAction() } : {}),
  };
  const worker: DeliveryWorker | null = options.run
    ? createDeliveryWorker({
        store,
        actions,
        emit: deps.emit,
        hasSecret: async (accountId, ruleId) => (await secret(accountId, ruleId)) !== null,
        ...(options.limits ? { limits: options.limits } : {}),
        ...(deps.log ? { log: deps.log } : {}),
      })
    : null;

  const renderEmail = (
    accountId: number,
    rule: DeliveryRule,
    action: EmailAction,
    sale: Fulfillment | null,
  ): RenderedEmail => {
    const sample = sampleSale(rule, {
      productName: rule.productCode ? store.products.get(accountId, rule.productCode)?.name : null,
    });
    const payload = sale
      ? buildPayload(
          sample,
          rule,
          sale,
          rule.useLicenceKeys ? store.licenceKeys.forSale(accountId, sale.id) : [],
          new Date(),
        )
      : sample;
    const email = renderDeliveryEmail(action, payload);
    return { ...email, to: email.to ?? '' };
  };

  // Keys added from the app or the CLI (both call keys.add here): the jobs waiting for that
  // product's keys went back to the queue in the add's transaction; Activity says so and the
  // worker looks now (a console that runs none, the CLI's, leaves them to the app's next look).
  const keys: LicenceKeysRepo = {
    add(accountId, productCode, added) {
      const result = store.transaction(() => {
        const r = store.licenceKeys.add(accountId, productCode, added);
        if (r.requeued.length > 0) {
          const name = store.products.get(accountId, productCode)?.name ?? null;
          store.activity.add(
            accountId,
            'delivery_retry',
            keysAddedLine(productLabel({ productCode, productName: name }), r.requeued.length),
            { productCode, jobIds: r.requeued.map((j) => j.id) },
          );
        }
        return r;
      });
      if (result.requeued.length > 0) {
        for (const job of result.requeued) {
          deps.emit('jobs.changed', { saleId: job.saleId, jobId: job.id, status: 'pending' });
        }
        deps.emit('activity.changed', {});
        worker?.wake();
      }
      return result;
    },
    pools: (accountId, lowBelow) => store.licenceKeys.pools(accountId, lowBelow),
    takeForSale: (...args) => store.licenceKeys.takeForSale(...args),
    takeAllForSale: (...args) => store.licenceKeys.takeAllForSale(...args),
    forSale: (accountId, saleId) => store.licenceKeys.forSale(accountId, saleId),
  };

  const handlers = createDeliveryHandlers({
    rules: store.deliveryRules,
    jobs: store.deliveryJobs,
    keys,
    sale: (accountId, id) => store.fulfillments.get(accountId, id),
    productCodes: (accountId) => store.products.list(accountId).map((p) => p.code),
    smtp,
    secrets,
    activeAccount: deps.activeAccount,
    emit: deps.emit,
    wake: () => worker?.wake(),
    allowCommandRules: options.commands ?? false,
    forwardSecretInEnv: forwardSecretInEnv(deps.env),
    actionProblems: (action, useLicenceKeys) =>
      action.kind === 'email'
        ? deliveryTemplateFieldErrors(action.subject, action.body, {
            hasDownloadUrl: action.downloadUrl !== null,
            useLicenceKeys,
          })
        : {},
    renderEmail,
    async sendEmail(accountId, email) {
      const settings = smtp.settings(accountId);
      if (settings === null) throw new ConsoleError('invalid_input', NO_SMTP_REASON);
      const password = settings.user ? await smtp.password(accountId) : null;
      // The merchant waits for this answer on screen: shorter bounds than a delivery's.
      const timeoutsMs = { connectMs: 10_000, greetingMs: 10_000, socketMs: 20_000 };
      await sendTestEmail(settings, password, email, { timeoutsMs }).catch((e: unknown) => {
        // The merchant is waiting on this answer: the reason, not a stack.
        if (e instanceof DeliveryFailure) {
          throw new ConsoleError(e.retryable ? 'server_error' : 'invalid_input', e.message, {
            cause: e,
          });
        }
        throw e;
      });
    },
    lowKeysBelow: LOW_KEYS_BELOW,
  });

  return {
    handlers,
    start: () => worker?.start(),
    wake: () => worker?.wake(),
    stop: async () => {
      await worker?.stop();
      // The worker's tries are over: its mail server connections go with it.
      email.close();
    },
  };
}

/** Activity's line when added keys send waiting deliveries back to the queue. */
export function keysAddedLine(product: string, waiting: number): string {
  const deliveries = waiting === 1 ? '1 waiting delivery' : `${waiting} waiting deliveries`;
  return `Keys added for ${product}: trying ${deliveries} again`;
}

// Automatic delivery (issue 14): rules, the outbox's worker, the actions (email, forward,
// command), licence keys and the merchant's mail server.
export { createDeliveryHandlers, type DeliveryDeps, type DeliveryHandlers } from './handlers';
export { createSmtpStore, type SmtpStore, type StoredSmtp } from './smtp-settings';
export {
  DeliveryFailure,
  secretNames,
  type Action,
  type ActionRun,
  type ClaimedJob,
  type DeliveryJobsRepo,
  type DeliveryPayload,
  type DeliveryRulesRepo,
  type LicenceKeysRepo,
  type NewRule,
} from './types';
export { createDelivery, type Delivery, type DeliveryOptions } from './service';
export {
  ENV_FORWARD_SECRET,
  ENV_SMTP_PASSWORD,
  forwardSecretInEnv,
  secretFromEnv,
  smtpPasswordInEnv,
  withEnvSecrets,
} from './env-secrets';
export { productLabel } from './payload';

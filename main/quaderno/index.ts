// The Quaderno API client's public face; other folders import only from here.
export { accountKindFromKey, resolveApiUrl } from './api-url';
export { createQuadernoClient } from './client';
export { withCallOptions } from './call-options';
export type {
  CallOptions,
  QuadernoClient,
  QuadernoClientOptions,
  SessionPageQuery,
} from './client-types';
export { pageMayHaveMore } from './pages';
export type { OnUnreadable, Page, Unreadable } from './pages';
export { currencyDigits, toMinorUnits, unitCostToMinorUnits } from './money';
export { parseErrorBody } from './http-errors';
export { isStoppedCall, pageLoopError, tooManyPagesError } from './limit-errors';
export { readCappedText } from './capped-body';
export type { RateLimit } from './rate-limiter';
export type { Backoff, RetryScope } from './retry-policy';
export {
  authorizationSchema,
  identitySchema,
  itemSchema,
  pingSchema,
  sessionCreateInputSchema,
  sessionCustomerSchema,
  sessionItemSchema,
  sessionSchema,
  sessionStatusSchema,
  webhookInputSchema,
  webhookSchema,
} from './schemas';
export type {
  Identity,
  QuadernoItem,
  QuadernoSession,
  QuadernoWebhook,
  SessionCreateInput,
  SessionStatus,
  WebhookInput,
} from './schemas';
export {
  FINGERPRINT_KEY,
  REQUEST_KEY,
  normalizeSession,
  type NormalizedSession,
} from './normalize';

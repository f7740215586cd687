// The SQLite store: one file in the data folder, one repo per table family.
export { openStore, syncFolder, type OpenStoreOptions } from './open';
export { accountGone } from './accounts';
export type {
  AccountPatch,
  AccountRow,
  AccountsRepo,
  NewAccount,
  NewProduct,
  ProductRow,
  ProductsRepo,
  SettingsRepo,
  Store,
} from './types';
export {
  createSessionsRepo,
  isReusedId,
  reusedSessionMessage,
  type SessionListQuery,
  type SessionsRepo,
  type SessionUpsertResult,
} from './sessions';
export {
  createWebhookEndpointsRepo,
  type WebhookEndpointRow,
  type WebhookEndpointsRepo,
} from './webhook-endpoints';
export * from './events';
export * from './fulfillments';
export { createRefundsRepo, type NewRefund, type RefundKind, type RefundsRepo } from './refunds';
export type { RefundSums, SaleRefund } from './statement-refunds';
export * from './activity';
export { createActivityLogRepo, type ActivityLogRepo } from './activity-log';
export { createSalesRepo, type SalesRepo } from './sales';
export { createProductsRepo } from './products';
export { createSyncRunsRepo, SYNC_STOPPED, type SyncCursors, type SyncRunsRepo } from './sync-runs';
export { createLinkDraftsRepo, type LinkDraftRow, type LinkDraftsRepo } from './link-drafts';
export { type LeaseOptions, type LeaseState, type LeasesRepo } from './leases';
export { createRepos, systemNow, type Repos } from './repos';
export {
  createDeliveryRulesRepo,
  ruleNotFound,
  type DeliveryRulesStore,
  type StoredRule,
} from './delivery-rules';
export { createDeliveryJobsRepo, fulfilledNote, jobNotFound } from './delivery-jobs';
export { createLicenceKeysRepo } from './licence-keys';
export { takeFileLock, type FileLock } from './file-lock';
export {
  backupDatabase,
  liveDatabase,
  removeOnExit,
  restoreDatabase,
  type Restored,
} from './backup';
export { isLiveDatabaseFile } from './live-files';

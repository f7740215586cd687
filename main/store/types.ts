import type { ZodType } from 'zod';
import type { Account, Product } from '../../preload/contract';
import type { LicenceKeysRepo } from '../delivery';
import type { ActivityLogRepo } from './activity-log';
import type { LeasesRepo } from './leases';
import type { LinkDraftsRepo } from './link-drafts';
import type { Repos } from './repos';
import type { SalesRepo } from './sales';
import type { SyncRunsRepo } from './sync-runs';
import type { WebhookEndpointsRepo } from './webhook-endpoints';

/** An account as the app shows it, plus the Quaderno identity it was added with. */
export interface AccountRow extends Account {
  identityId: number | null;
}

/** A product as the app shows it (the contract's `Product`), kept per account. */
export interface ProductRow extends Product {
  accountId: number;
  updatedAt: string;
}

export type NewAccount = {
  name: string;
  apiUrl: string;
  kind: AccountRow['kind'];
  email: string | null;
  identityId: number | null;
};

export type AccountPatch = Partial<Pick<AccountRow, 'name' | 'apiUrl' | 'email' | 'identityId'>>;

export type NewProduct = Omit<ProductRow, 'accountId' | 'updatedAt'>;

export interface AccountsRepo {
  list(): AccountRow[];
  get(id: number): AccountRow | undefined;
  findByApiUrl(apiUrl: string): AccountRow | undefined;
  /** Upsert by apiUrl: an existing row keeps its id, active flag and createdAt. */
  add(a: NewAccount): AccountRow;
  update(id: number, patch: AccountPatch): AccountRow;
  /**
   * Also deletes the account's products and its settings rows (receiver token, link doubts).
   * Removing the active account leaves none active. Its id is never handed out again.
   */
  remove(id: number): boolean;
  /**
   * `remove`, and the ids of the webhooks recorded for the account, read in the same
   * transaction: a webhook another process records meanwhile is either named here or refused
   * by the account's foreign key (so its registrar deletes it), never left behind unnamed. When
   * that leaves accounts but none active, the oldest becomes active in the same transaction.
   */
  removeWithWebhooks(id: number): { removed: boolean; webhookIds: number[] };
  setActive(id: number): AccountRow;
  /** When accounts exist but none is active, makes the oldest active. Returns the active one. */
  keepOneActive(): AccountRow | undefined;
  active(): AccountRow | undefined;
}

export interface ProductsRepo {
  /**
   * The account's catalogue becomes `products`. With `keepOthers` (a listing that may have been
   * cut short), products not in the list are kept rather than deleted.
   */
  replaceAll(accountId: number, products: NewProduct[], options?: { keepOthers?: boolean }): void;
  list(accountId: number): ProductRow[];
  get(accountId: number, code: string): ProductRow | undefined;
  /**
   * For each of `codes`, the currency of the newest stored session of this account selling it.
   * Reads sessions newest first and stops once every code is found, or after the newest
   * KNOWN_CURRENCY_SCAN items (a code not sold since stays unknown); before, every item of every
   * session was read, at each catalogue sync, into a map of every code ever sold.
   */
  knownCurrencies(accountId: number, codes: ReadonlySet<string>): Map<string, string>;
  /**
   * Gives a product whose currency was not known yet its currency and its price in that
   * currency's minor units; a product with a currency is left alone. True when it changed.
   */
  learnCurrency(accountId: number, code: string, currency: string, unitAmount: number): boolean;
}

export interface SettingsRepo {
  /** Whether the key is stored at all, whatever its value. */
  has(key: string): boolean;
  /** Stored JSON that is missing, unparsable or fails `schema` yields `fallback`. */
  get<T>(key: string, schema: ZodType<T>, fallback: T): T;
  /** `undefined` removes the key. */
  set(key: string, value: unknown): void;
  all(): Record<string, unknown>;
}

/** Every repo is built once, with the store's clock. */
export interface Store extends Repos {
  readonly file: string;
  accounts: AccountsRepo;
  products: ProductsRepo;
  settings: SettingsRepo;
  sales: SalesRepo;
  activityLog: ActivityLogRepo;
  leases: LeasesRepo;
  linkDrafts: LinkDraftsRepo;
  syncRuns: SyncRunsRepo;
  webhookEndpoints: WebhookEndpointsRepo;
  licenceKeys: LicenceKeysRepo;
  close(): void;
}

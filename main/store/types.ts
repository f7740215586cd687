import type { ZodType } from 'zod';
import type { ActivityLogRepo } from './activity-log';
import type { LeasesRepo } from './leases';
import type { Repos } from './repos';
import type { SalesRepo } from './sales';
import type { SyncRunsRepo } from './sync-runs';
import type { WebhookEndpointsRepo } from './webhook-endpoints';

export interface AccountRow {
  id: number;
  name: string;
  apiUrl: string;
  kind: 'live' | 'test' | 'sandbox';
  email: string | null;
  identityId: number | null;
  active: boolean;
  createdAt: string;
}

export interface ProductRow {
  accountId: number;
  code: string;
  name: string;
  description: string | null;
  /** Integer minor units of `currency` (cents, or yen for JPY). */
  unitAmount: number;
  /** null until known: Quaderno may list items without one (see main/products). */
  currency: string | null;
  kind: 'one_off' | 'subscription';
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
  setActive(id: number): AccountRow;
  active(): AccountRow | undefined;
}

export interface ProductsRepo {
  replaceAll(accountId: number, products: NewProduct[]): void;
  list(accountId: number): ProductRow[];
  get(accountId: number, code: string): ProductRow | undefined;
  /** Per product code, the currency of the newest stored session of this account selling it. */
  knownCurrencies(accountId: number): Map<string, string>;
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
  syncRuns: SyncRunsRepo;
  webhookEndpoints: WebhookEndpointsRepo;
  close(): void;
}

// The SQLite store: one file in the data folder, one repo per table family.
export { openStore, type OpenStoreOptions } from './open';
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

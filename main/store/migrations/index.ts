// Migrations are TypeScript modules exporting SQL strings rather than .sql files: main is
// bundled by Vite and the CLI runs through tsx, and both resolve imports but neither copies
// loose asset files next to the code. Append new ones; never edit one that has shipped.
import { sql as accountsProductsSettings } from './001-accounts-products-settings';
import { sql as linksAndLive } from './002-links-and-live';
import { sql as eventDedupeIndex } from './003-event-dedupe-index';
import { sql as sessionSearch } from './004-session-search';
import { sql as fulfillmentSearchByAccount } from './005-fulfillment-search-by-account';
import { sql as dropEmailIndexes } from './006-drop-email-indexes';
import { sql as accountIdsNeverReused } from './007-account-ids-never-reused';
import { sql as amountSource } from './008-amount-source';
import { sql as saleQuantities } from './009-sale-quantities';
import { sql as sessionSearchProducts } from './010-session-search-products';
import { sql as linkDrafts } from './011-link-drafts';
import { sql as eventsNeedingAttention } from './012-events-needing-attention';
import { sql as delivery } from './013-delivery';
import { sql as listCounts } from './014-list-counts';
import { sql as newSalesIndex } from './015-new-sales-index';
import { sql as dropUnprocessedEventIndex } from './016-drop-unprocessed-event-index';
import { sql as salesByEvent } from './017-sales-by-event';
import { sql as eventTypeInTransactionKeys } from './018-event-type-in-transaction-keys';
import { sql as jobsWaitingForKeys } from './019-jobs-waiting-for-keys';
import { sql as refunds } from './020-refunds';

export interface Migration {
  /** Becomes PRAGMA user_version once applied; consecutive from 1. */
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'accounts-products-settings', sql: accountsProductsSettings },
  { version: 2, name: 'links-and-live', sql: linksAndLive },
  { version: 3, name: 'event-dedupe-index', sql: eventDedupeIndex },
  { version: 4, name: 'session-search', sql: sessionSearch },
  { version: 5, name: 'fulfillment-search-by-account', sql: fulfillmentSearchByAccount },
  { version: 6, name: 'drop-email-indexes', sql: dropEmailIndexes },
  { version: 7, name: 'account-ids-never-reused', sql: accountIdsNeverReused },
  { version: 8, name: 'amount-source', sql: amountSource },
  { version: 9, name: 'sale-quantities', sql: saleQuantities },
  { version: 10, name: 'session-search-products', sql: sessionSearchProducts },
  { version: 11, name: 'link-drafts', sql: linkDrafts },
  { version: 12, name: 'events-needing-attention', sql: eventsNeedingAttention },
  { version: 13, name: 'delivery', sql: delivery },
  { version: 14, name: 'list-counts', sql: listCounts },
  { version: 15, name: 'new-sales-index', sql: newSalesIndex },
  { version: 16, name: 'drop-unprocessed-event-index', sql: dropUnprocessedEventIndex },
  { version: 17, name: 'sales-by-event', sql: salesByEvent },
  { version: 18, name: 'event-type-in-transaction-keys', sql: eventTypeInTransactionKeys },
  { version: 19, name: 'jobs-waiting-for-keys', sql: jobsWaitingForKeys },
  { version: 20, name: 'refunds', sql: refunds },
];

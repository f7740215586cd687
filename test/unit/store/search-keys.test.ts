import { describe, expect, it } from 'vitest';
import { SESSION_SEARCH_SPAN as SCHEMA_4_SPAN } from '../../../main/store/migrations/004-session-search';
import { FULFILLMENT_SEARCH_SPAN as SCHEMA_5_SPAN } from '../../../main/store/migrations/005-fulfillment-search-by-account';
import { document as schema17Document } from '../../../main/store/migrations/017-sales-search-candidates';
import { saleDocument } from '../../../main/store/fulfillment-search';
import { FULFILLMENT_SEARCH_SPAN, SESSION_SEARCH_SPAN } from '../../../main/store/search-keys';

describe('search index keys', () => {
  it('look documents up with the spans the migrations built the indexes with', () => {
    expect(SESSION_SEARCH_SPAN).toBe(SCHEMA_4_SPAN);
    expect(FULFILLMENT_SEARCH_SPAN).toBe(SCHEMA_5_SPAN);
  });

  it('check a candidate sale against the document schema 17 indexed for it', () => {
    expect(saleDocument('f')).toBe(schema17Document('f'));
  });
});

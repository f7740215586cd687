import { describe, expect, it } from 'vitest';
import { SESSION_SEARCH_SPAN as SCHEMA_4_SPAN } from '../../../main/store/migrations/004-session-search';
import { FULFILLMENT_SEARCH_SPAN as SCHEMA_5_SPAN } from '../../../main/store/migrations/005-fulfillment-search-by-account';
import { FULFILLMENT_SEARCH_SPAN, SESSION_SEARCH_SPAN } from '../../../main/store/search-keys';

describe('search index keys', () => {
  it('look documents up with the spans the migrations built the indexes with', () => {
    expect(SESSION_SEARCH_SPAN).toBe(SCHEMA_4_SPAN);
    expect(FULFILLMENT_SEARCH_SPAN).toBe(SCHEMA_5_SPAN);
  });
});

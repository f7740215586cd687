// A merchant waiting on a new link: when Quaderno cannot be reached the link is kept as a draft
// at once (one more try, not the client's five with backoff), while a busy Quaderno (5xx) is
// still ridden out. Counted calls against the sandbox, never a time.
import { describe, expect, it } from 'vitest';
import { DRAFT_SAVED_MESSAGE } from '../../../preload/contract';
import { failure, SESSIONS, useLinksWorld } from './helpers';

const ITEMS = /^\/api\/items(\.json)?$/;

const world = useLinksWorld();

const request = () => ({
  customer: { email: 'jane@example.com' },
  items: [{ product: world().product('EUR').code, quantity: 1 }],
});

describe('a link asked for while Quaderno drops every connection', () => {
  it('is kept as a draft after two tries of the lookup, not five', async () => {
    const { cc, fault, calls } = world();
    // A new account has no local links, so a create first looks for one on Quaderno.
    await fault({ path: '/api/checkout/sessions.json', method: 'GET', drop: true, times: 10 });
    const error = failure(await cc.call('links.create', request()));
    expect(error.code).toBe('offline');
    expect(error.message).toContain(DRAFT_SAVED_MESSAGE);
    expect(calls('GET', SESSIONS)).toBe(2);
    expect(calls('POST', SESSIONS)).toBe(0);
    expect((await cc.invoke('links.drafts', {})).map((d) => d.status)).toEqual(['waiting']);
  });
});

describe('a link asked for while Quaderno is busy', () => {
  it('rides out 503 answers with the usual retries and is made', async () => {
    const { cc, fault, calls } = world();
    await fault({ path: '/api/checkout/sessions.json', method: 'GET', status: 503, times: 2 });
    const made = await cc.invoke('links.create', request());
    expect(made.link.status).toBe('pending');
    expect(calls('GET', SESSIONS)).toBe(3);
    expect(await cc.invoke('links.drafts', {})).toEqual([]);
  });
});

describe('a link for a product the local catalogue does not know, while Quaderno drops connections', () => {
  // Unanswered, the re-read says nothing about the product: no "there is no product" for it.
  it('re-reads the catalogue with two tries, not five, and keeps a draft', async () => {
    const { cc, fault, calls } = world();
    await fault({ path: '/api/items.json', method: 'GET', drop: true, times: 10 });
    const before = calls('GET', ITEMS);
    const error = failure(
      await cc.call('links.create', {
        customer: { email: 'jane@example.com' },
        items: [{ product: 'NOT-IN-THE-CATALOGUE' }],
      }),
    );
    expect(error.code).toBe('offline');
    expect(error.message).toContain(DRAFT_SAVED_MESSAGE);
    expect(calls('GET', ITEMS) - before).toBe(2);
    expect((await cc.invoke('links.drafts', {})).map((d) => d.status)).toEqual(['waiting']);
  });
});

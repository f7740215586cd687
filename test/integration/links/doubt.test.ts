// The remote fingerprint lookup runs only when an earlier create is in doubt (or the account
// has no local sessions): an ordinary create costs Quaderno one call.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { failure, SESSIONS, useLinksWorld } from './helpers';
import { reproxy } from './reprice-proxy';

const world = useLinksWorld();

function openDb(): Database.Database {
  return new Database(`${world().dataDir}/checkout-console.sqlite`);
}

async function firstLink(): Promise<void> {
  const code = world().product('EUR').code;
  await world().cc.invoke('links.create', {
    customer: { email: 'first@example.com' },
    items: [{ product: code }],
  });
}

describe('the remote lookup before a create', () => {
  it('is skipped when the account has local links and nothing is in doubt', async () => {
    await firstLink();
    const before = world().calls('GET', SESSIONS);
    const code = world().product('EUR').code;
    const made = await world().cc.invoke('links.create', {
      customer: { email: 'b@example.com' },
      items: [{ product: code }],
    });
    expect(made.reused).toBe(false);
    expect(world().calls('GET', SESSIONS)).toBe(before);
    expect(world().calls('POST', SESSIONS)).toBe(2);
  });

  it('finds the session of a create whose answer was lost, even with other links stored', async () => {
    await firstLink();
    const code = world().product('EUR').code;
    const input = { customer: { email: 'lost@example.com' }, items: [{ product: code }] };
    await world().fault({ path: '/api/checkout/sessions.json', method: 'POST', drop: true });
    expect(failure(await world().cc.call('links.create', input)).code).toBe('offline');

    const retry = await world().cc.invoke('links.create', input);
    expect(retry.reused).toBe(true);
    expect(world().calls('POST', SESSIONS)).toBe(2);
    const db = openDb();
    try {
      // Settled: the next create for this purchase no longer asks Quaderno to look.
      const doubts = db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'doubt:%'").pluck();
      expect(doubts.get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('runs after a process died holding the lease for that purchase', async () => {
    await firstLink();
    const code = world().product('EUR').code;
    const input = { customer: { email: 'crash@example.com' }, items: [{ product: code }] };
    await world().fault({ path: '/api/checkout/sessions.json', method: 'POST', drop: true });
    failure(await world().cc.call('links.create', input));
    // What a crash right after the POST leaves: no doubt row, only the holder's expired lease.
    const db = openDb();
    try {
      const key = db
        .prepare("SELECT key FROM settings WHERE key LIKE 'doubt:link:%'")
        .pluck()
        .get();
      expect(typeof key).toBe('string');
      db.prepare('DELETE FROM settings WHERE key = ?').run(key);
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(
        String(key).replace(/^doubt:/, 'lease:'),
        JSON.stringify({ owner: 'crashed', until: Date.now() - 1 }),
      );
    } finally {
      db.close();
    }

    const retry = await world().cc.invoke('links.create', input);
    expect(retry.reused).toBe(true);
    expect(world().calls('POST', SESSIONS)).toBe(2);
  });

  it('leaves no doubt after Quaderno refused the create outright', async () => {
    await firstLink();
    const code = world().product('EUR').code;
    const input = { customer: { email: 'refused@example.com' }, items: [{ product: code }] };
    await world().fault({ path: '/api/checkout/sessions.json', method: 'POST', status: 422 });
    expect(failure(await world().cc.call('links.create', input)).code).toBe('invalid_input');
    const db = openDb();
    try {
      expect(
        db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'doubt:%'").pluck().get(),
      ).toBe(0);
    } finally {
      db.close();
    }
    const before = world().calls('GET', SESSIONS);
    await world().cc.invoke('links.create', input);
    expect(world().calls('GET', SESSIONS)).toBe(before);
  });
});

describe('a create Quaderno answered but the console could not read', () => {
  let unreadable = 0;
  // The first session POST's answer comes back with an item currency the console cannot price.
  const odd = useLinksWorld({
    front: (sandbox) =>
      reproxy(sandbox.origin, 1, [], (method, path, text) => {
        if (method !== 'POST' || !/\/checkout\/sessions(\.json)?$/.test(path) || unreadable <= 0)
          return text;
        unreadable -= 1;
        const body = JSON.parse(text) as { items?: Array<{ currency?: string }> };
        for (const item of body.items ?? []) item.currency = '';
        return JSON.stringify(body);
      }),
  });

  it('is in doubt, so the next create for the purchase finds the session Quaderno made', async () => {
    unreadable = 0;
    const w = odd();
    const code = w.product('EUR').code;
    await w.cc.invoke('links.create', {
      customer: { email: 'first@example.com' },
      items: [{ product: code }],
    });
    unreadable = 1;
    const input = { customer: { email: 'odd@example.com' }, items: [{ product: code }] };
    failure(await w.cc.call('links.create', input));
    expect(w.calls('POST', SESSIONS)).toBe(2);

    const retry = await w.cc.invoke('links.create', input);
    expect(retry.reused).toBe(true);
    expect(w.calls('POST', SESSIONS)).toBe(2);
  });
});

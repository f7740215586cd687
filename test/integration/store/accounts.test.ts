import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type NewAccount, type Store } from '../../../main/store';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { TEST_ACCOUNT } from '../../support/test-store';

const tmp = useTempDir('cc-accounts-');
let store: Store;

beforeEach(() => {
  store = openStore(tmp.file('console.db'), { now: () => '2026-11-28T09:00:00.000Z' });
});
afterEach(() => store.close());

const acme: NewAccount = {
  name: 'Acme',
  apiUrl: 'https://acme.quadernoapp.com/api/',
  kind: 'live',
  email: 'shop@acme.test',
  identityId: 11,
};
const demo: NewAccount = {
  ...TEST_ACCOUNT,
  name: 'sandbox-demo',
  apiUrl: 'http://127.0.0.1:4010/api/',
};

describe('accounts', () => {
  it('adds an account that is not active until chosen', () => {
    const row = store.accounts.add(acme);
    expect(row).toEqual({
      id: row.id,
      ...acme,
      active: false,
      createdAt: '2026-11-28T09:00:00.000Z',
    });
    expect(store.accounts.get(row.id)).toEqual(row);
    expect(store.accounts.findByApiUrl(acme.apiUrl)).toEqual(row);
    expect(store.accounts.active()).toBeUndefined();
  });

  it('updates the existing row when the same API URL is added again', () => {
    const first = store.accounts.add(acme);
    store.accounts.setActive(first.id);
    const again = store.accounts.add({ ...acme, name: 'Acme Ltd', email: 'new@acme.test' });
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ name: 'Acme Ltd', email: 'new@acme.test', active: true });
    expect(store.accounts.list()).toHaveLength(1);
  });

  it('keeps at most one account active when switching', () => {
    const a = store.accounts.add(acme);
    const b = store.accounts.add(demo);
    store.accounts.setActive(a.id);
    const switched = store.accounts.setActive(b.id);
    expect(switched).toMatchObject({ id: b.id, active: true });
    expect(
      store.accounts
        .list()
        .filter((r) => r.active)
        .map((r) => r.id),
    ).toEqual([b.id]);
    expect(store.accounts.active()?.id).toBe(b.id);
  });

  it('refuses a second active account even through raw SQL', () => {
    const a = store.accounts.add(acme);
    const b = store.accounts.add(demo);
    store.accounts.setActive(a.id);
    withRawDb(store.file, (db) =>
      expect(() => db.prepare('UPDATE accounts SET active = 1 WHERE id = ?').run(b.id)).toThrow(
        /UNIQUE constraint failed/,
      ),
    );
  });

  it('leaves the active account unchanged when switching to one that does not exist', () => {
    const a = store.accounts.add(acme);
    store.accounts.setActive(a.id);
    expect(() => store.accounts.setActive(999)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(store.accounts.active()?.id).toBe(a.id);
  });

  it('updates only the fields given', () => {
    const a = store.accounts.add(acme);
    const updated = store.accounts.update(a.id, { name: 'Acme EU', email: undefined });
    expect(updated).toEqual({ ...a, name: 'Acme EU' });
    expect(store.accounts.get(a.id)).toEqual(updated);
  });

  it('refuses to move an account onto another account’s API URL', () => {
    const a = store.accounts.add(acme);
    store.accounts.add(demo);
    expect(() => store.accounts.update(a.id, { apiUrl: demo.apiUrl })).toThrow(
      expect.objectContaining({ code: 'conflict', fields: { apiUrl: expect.any(String) } }),
    );
    expect(store.accounts.get(a.id)?.apiUrl).toBe(acme.apiUrl);
  });

  it('reports updating a missing account as not found', () => {
    expect(() => store.accounts.update(42, { name: 'x' })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('removes an account and says whether anything was removed', () => {
    const a = store.accounts.add(acme);
    store.accounts.setActive(a.id);
    expect(store.accounts.remove(a.id)).toBe(true);
    expect(store.accounts.remove(a.id)).toBe(false);
    expect(store.accounts.list()).toEqual([]);
    expect(store.accounts.active()).toBeUndefined();
  });

  it('removes an account with the webhooks it had recorded and names them, in one step', () => {
    const a = store.accounts.add(acme);
    const events = ['checkout.succeeded'];
    store.webhookEndpoints.setCurrent(a.id, { webhookId: 7, url: 'https://a.example/h', events });
    store.webhookEndpoints.setCurrent(a.id, { webhookId: 9, url: 'https://b.example/h', events });
    const removed = store.accounts.removeWithWebhooks(a.id);
    expect(removed.removed).toBe(true);
    expect([...removed.webhookIds].sort()).toEqual([7, 9]);
    expect(store.webhookEndpoints.list(a.id)).toEqual([]);
    expect(store.accounts.removeWithWebhooks(a.id)).toEqual({ removed: false, webhookIds: [] });
  });

  it('refuses an unknown account kind at the database level', () => {
    withRawDb(store.file, (db) =>
      expect(() =>
        db
          .prepare(
            "INSERT INTO accounts (name, api_url, kind, created_at) VALUES ('x', 'u', 'gold', 'now')",
          )
          .run(),
      ).toThrow(/CHECK constraint failed/),
    );
  });
});

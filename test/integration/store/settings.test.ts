import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../main/store';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-settings-');
let store: Store;

beforeEach(() => {
  store = openStore(tmp.file('console.db'));
});
afterEach(() => store.close());

const methods = z.array(z.enum(['card', 'paypal']));

describe('settings', () => {
  it('round-trips a value through JSON and survives a reopen', () => {
    store.settings.set('paymentMethods', ['card', 'paypal']);
    store.close();
    store = openStore(tmp.file('console.db'));
    expect(store.settings.get('paymentMethods', methods, ['card'])).toEqual(['card', 'paypal']);
  });

  it('returns the fallback for a key never set', () => {
    expect(store.settings.get('paymentMethods', methods, ['card'])).toEqual(['card']);
  });

  it('returns the fallback when the stored JSON does not match the schema', () => {
    store.settings.set('paymentMethods', ['bitcoin']);
    expect(store.settings.get('paymentMethods', methods, ['card'])).toEqual(['card']);
  });

  it('returns the fallback when the stored text is not JSON at all', () => {
    withRawDb(store.file, (db) =>
      db.prepare("INSERT INTO settings (key, value) VALUES ('locale', '{not json')").run(),
    );
    expect(store.settings.get('locale', z.string(), 'auto')).toBe('auto');
    expect(store.settings.all()).toEqual({});
  });

  it('overwrites a value and removes it when set to undefined', () => {
    store.settings.set('notifications', true);
    store.settings.set('notifications', false);
    expect(store.settings.get('notifications', z.boolean(), true)).toBe(false);
    store.settings.set('notifications', undefined);
    expect(store.settings.all()).toEqual({});
  });

  it('lists every stored setting', () => {
    store.settings.set('locale', 'fr');
    store.settings.set('couponCollection', true);
    expect(store.settings.all()).toEqual({ couponCollection: true, locale: 'fr' });
  });

  it('refuses a value that cannot be written as JSON', () => {
    expect(() => store.settings.set('big', 10n)).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
  });
});

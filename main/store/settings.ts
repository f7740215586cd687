import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { parseJson, readJson } from './json';
import type { SettingsRepo } from './types';

const settingRecord = z.object({ key: z.string(), value: z.string() });

export function createSettingsRepo(db: Database): SettingsRepo {
  const selectOne = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const selectAll = db.prepare('SELECT key, value FROM settings ORDER BY key');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');

  return {
    has: (key) => selectOne.get(key) !== undefined,
    get(key, schema, fallback) {
      const text: unknown = selectOne.get(key);
      if (typeof text !== 'string') return fallback;
      // A hand-edited or older-shaped value must never stop the app from starting.
      return readJson(text, schema, fallback);
    },
    set(key, value) {
      if (value === undefined) {
        remove.run(key);
        return;
      }
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (e) {
        throw new ConsoleError('internal', `Setting ${key} could not be saved as JSON.`, {
          cause: e,
        });
      }
      if (text === undefined) {
        throw new ConsoleError('internal', `Setting ${key} could not be saved as JSON.`);
      }
      upsert.run(key, text);
    },
    all() {
      const out: Record<string, unknown> = {};
      for (const raw of selectAll.all()) {
        const row = settingRecord.parse(raw);
        const json = parseJson(row.value);
        if (json.ok) out[row.key] = json.value;
      }
      return out;
    },
  };
}

import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import type { SettingsRepo } from './types';

const settingRecord = z.object({ key: z.string(), value: z.string() });

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

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
      const json = parseJson(text);
      if (!json.ok) return fallback;
      // A hand-edited or older-shaped value must never stop the app from starting.
      const parsed = schema.safeParse(json.value);
      return parsed.success ? parsed.data : fallback;
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

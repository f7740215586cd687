// What each step of the check gets: the client, the raw answers seen so far, the store.
import type { QuadernoClient } from '../quaderno';
import type { Store } from '../store';
import type { Observer, SeenAnswer } from './observe';

/** What the check reads of the store: the last delivery, the webhook this console made. */
export type DoctorStore = Pick<Store, 'events' | 'webhookEndpoints'>;

export interface CheckContext {
  client: QuadernoClient;
  observer: Observer;
  store: DoctorStore;
  accountId: number;
  /** Secrets met along the way (webhook auth keys): the report cuts them out. */
  secrets: Set<string>;
}

type KeptPath = 'items' | 'checkout/sessions' | 'authorization';

/**
 * The parsed JSON of the first readable answer for `path`, or undefined if none was. A busy
 * answer (503, 429) the client retried keeps no body: the answer after it is the one to read.
 */
export async function rawJson(
  observer: Observer,
  path: KeptPath,
): Promise<{ answer: SeenAnswer; json: unknown } | undefined> {
  for (const answer of observer.answers.filter((a) => a.path === path)) {
    const body = await answer.body;
    if (body === null) continue;
    try {
      return { answer, json: JSON.parse(body) as unknown };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The raw JSON array of the first answer for a list, or null if none was readable. */
export async function rawList(
  observer: Observer,
  path: 'items' | 'checkout/sessions',
): Promise<{ answer: SeenAnswer; list: unknown[] } | null> {
  const raw = await rawJson(observer, path);
  return raw && Array.isArray(raw.json) ? { answer: raw.answer, list: raw.json } : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

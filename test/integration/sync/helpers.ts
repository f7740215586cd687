// Sandbox helpers for sync and live tests: sessions made and paid over plain HTTP.
import { createQuadernoClient, type QuadernoClient } from '../../../main/quaderno';
import type { Sandbox } from '../../../main/sandbox';
import { currencyOf } from '../../support/sandbox-profiles';
import { pollUntil } from '../../support/poll';

export type Move = 'complete' | 'fail' | 'abandon';

/** Our client without client-side pacing: setup must not wait on the rate limit. */
export function fastClient(sb: Sandbox): QuadernoClient {
  return createQuadernoClient({ apiUrl: sb.apiUrl, apiKey: sb.apiKey, rateLimit: false });
}

export async function control(sb: Sandbox, path: string): Promise<Response> {
  const res = await fetch(new URL(path, sb.origin), { method: 'POST' });
  if (!res.ok) throw new Error(`sandbox control ${path} answered ${res.status}`);
  return res;
}

export async function productCode(client: QuadernoClient, currency = 'EUR'): Promise<string> {
  const item = (await client.listItems()).find(
    (i) => i.code && currencyOf({ code: i.code, currency: i.currency }) === currency,
  );
  if (!item?.code) throw new Error(`no ${currency} product in the sandbox`);
  return item.code;
}

/** Creates `count` sessions and moves each (pay by default); returns their ids, oldest first. */
export async function sessions(
  sb: Sandbox,
  count: number,
  move: Move | null = 'complete',
): Promise<number[]> {
  const client = fastClient(sb);
  const code = await productCode(client);
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const s = await client.createSession({
      items: [{ product: code }],
      success_url: 'https://example.com/ok',
      cancel_url: 'https://example.com/no',
      customer: { email: `buyer${i}@example.com`, first_name: 'Buyer', last_name: String(i) },
    });
    if (move) await control(sb, `/__sandbox/checkout/sessions/${s.id}/${move}`);
    ids.push(s.id);
  }
  return ids;
}

/** One paid session, as a buyer's sale reaches Quaderno; its id. */
export async function payOneSession(sb: Sandbox): Promise<number> {
  const [id] = await sessions(sb, 1);
  if (id === undefined) throw new Error('the sandbox made no session');
  return id;
}

export const waitFor = <T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> => pollUntil(what, probe, { timeoutMs });

/** Session list calls (not single-session reads) the sandbox has answered so far. */
export const sessionListCalls = (sb: Sandbox) =>
  sb
    .requestLog()
    .filter((r) => r.method === 'GET' && /^\/api\/checkout\/sessions(\.json)?(\?|$)/.test(r.path))
    .length;

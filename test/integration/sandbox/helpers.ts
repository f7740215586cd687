import type { Sandbox } from '../../../main/sandbox/index';
import { useRig } from '../../support/live-rig';

/** Sandboxes and webhook sinks closed after the current test. */
export const { sandbox, sink } = useRig();

export function basic(key: string): string {
  return 'Basic ' + Buffer.from(`${key}:x`).toString('base64');
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** Plain fetch with the sandbox key: deliberately not our Quaderno client. */
export async function call(
  sb: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const init: RequestInit = {
    method,
    headers: { Authorization: basic(sb.apiKey), ...headers },
  };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json', ...init.headers };
  }
  const res = await fetch(new URL(path, sb.apiUrl), init);
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export interface ItemJson {
  id: number;
  code: string;
  name: string;
  unit_cost: string;
  currency: string;
}

export interface SessionJson {
  id: number;
  status: string;
  permalink: string;
  items: Array<{
    product: string;
    amount: number;
    currency: string;
    name: string;
    quantity: number;
  }>;
  customer: Record<string, unknown>;
  metadata: Record<string, unknown>;
  [key: string]: unknown;
}

export async function items(sb: Sandbox): Promise<ItemJson[]> {
  return (await call(sb, 'GET', 'items.json')).body as ItemJson[];
}

export async function productIn(sb: Sandbox, currency: string): Promise<ItemJson> {
  const found = (await items(sb)).find((i) => i.currency === currency);
  if (!found) throw new Error(`no ${currency} product seeded`);
  return found;
}

export const URLS = {
  success_url: 'https://shop.example/thanks',
  cancel_url: 'https://shop.example/cart',
};

/** Creates a session for one product in `currency` unless `extra` names its items. */
export async function createSession(
  sb: Sandbox,
  extra: Record<string, unknown> = {},
  currency = 'EUR',
): Promise<SessionJson> {
  const items = extra.items ?? [{ product: (await productIn(sb, currency)).code }];
  const res = await call(sb, 'POST', 'checkout/sessions.json', { items, ...URLS, ...extra });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body as SessionJson;
}

export async function control(sb: Sandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(sb.origin + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Polls until `check` returns a value; fails after a generous bound, never asserts on time. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

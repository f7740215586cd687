import { json, type Reply } from './http';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

/**
 * Digits only, read as Rails' `to_i` would. One past any safe integer is still that large a
 * number (it asks for the most, or for everything older), never "not given".
 */
function positiveInt(raw: string | null): number | null {
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

/**
 * Newest first, `limit` (default 25, clamped to 1..100), `created_before=ID`
 * for older objects; `X-Pages-HasMore` always and `X-Pages-NextPage` (a full
 * URL keeping the caller's other parameters) only when more exist. A limit or
 * cursor that is not a number is ignored, as a lenient Rails app would.
 */
export function paginate<T extends { id: number }>(
  url: URL,
  all: readonly T[],
  render: (item: T) => unknown,
): Reply {
  const limit = Math.min(
    MAX_LIMIT,
    Math.max(1, positiveInt(url.searchParams.get('limit')) ?? DEFAULT_LIMIT),
  );
  const before = positiveInt(url.searchParams.get('created_before'));
  const candidates = [...all]
    .filter((x) => before === null || x.id < before)
    .sort((a, b) => b.id - a.id);
  const page = candidates.slice(0, limit);
  const hasMore = candidates.length > limit;
  const headers: Record<string, string> = { 'X-Pages-HasMore': String(hasMore) };
  const last = page[page.length - 1];
  if (hasMore && last) {
    // `url` is on the origin the caller used (server.ts), so the link leads back the same way.
    const next = new URL(url.href);
    next.searchParams.set('created_before', String(last.id));
    headers['X-Pages-NextPage'] = next.toString();
  }
  return json(200, page.map(render), headers);
}

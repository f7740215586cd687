// Steps about lists: what Quaderno's items look like, and how it orders and pages sessions
// (docs/quaderno-api.md › Where the real service differs: both vary between accounts).
import type { DoctorCheck } from '../../preload/contract';
import { isRecord, rawList, type CheckContext } from './context';

/** Item fields the documentation promises and recorded answers lack. */
export const ITEM_FIELDS = ['currency', 'kind', 'description'] as const;
const SESSIONS_PAGE = 25;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function itemsCheck(ctx: CheckContext): Promise<DoctorCheck> {
  let listed: number | null = null;
  let failure: unknown = null;
  try {
    listed = (await ctx.client.listItems()).length;
  } catch (e) {
    failure = e;
  }
  const raw = await rawList(ctx.observer, 'items');
  if (!raw) throw failure ?? new Error('Quaderno sent no readable list of items.');
  const details: DoctorCheck['details'] = { count: listed ?? raw.list.length };
  const missing: string[] = [];
  for (const field of ITEM_FIELDS) {
    const without = raw.list.filter((i) => !isRecord(i) || !(field in i)).length;
    details[`missing_${field}`] = without;
    if (without > 0) missing.push(`${field} (${without} of ${raw.list.length})`);
  }
  if (missing.length > 0) details.missing = missing.join(', ');
  const lacking = missing.length > 0 ? ` Items come without ${missing.join(', ')}.` : '';
  if (failure) {
    return { name: 'items', status: 'fail', summary: `${messageOf(failure)}${lacking}`, details };
  }
  return {
    name: 'items',
    status: missing.length > 0 ? 'note' : 'pass',
    summary: `${listed} item${listed === 1 ? '' : 's'}.${lacking}`,
    details,
  };
}

function idOf(session: unknown): number | null {
  if (!isRecord(session)) return null;
  const id = Number(session.id);
  return Number.isFinite(id) ? id : null;
}

/** Newest-first, oldest-first, or unknown (fewer than two sessions, or mixed ids). */
export function listOrder(ids: Array<number | null>): 'newest-first' | 'oldest-first' | 'unknown' {
  const known = ids.filter((id): id is number => id !== null);
  if (known.length < 2 || known.length !== ids.length) return 'unknown';
  const pairs = known.slice(1).map((id, i) => id - (known[i] ?? id));
  if (pairs.every((d) => d < 0)) return 'newest-first';
  if (pairs.every((d) => d > 0)) return 'oldest-first';
  return 'unknown';
}

export async function sessionsCheck(ctx: CheckContext): Promise<DoctorCheck> {
  let failure: unknown = null;
  await ctx.client.listSessionsPage({ limit: SESSIONS_PAGE }).catch((e: unknown) => {
    failure = e;
  });
  const raw = await rawList(ctx.observer, 'checkout/sessions');
  if (!raw) throw failure ?? new Error('Quaderno sent no readable list of checkout sessions.');
  const order = listOrder(raw.list.map(idOf));
  const headers = raw.answer.headers;
  const hasMore = headers.get('x-pages-hasmore');
  const paging = hasMore !== null ? 'present' : 'absent';
  const details: DoctorCheck['details'] = {
    sessions_on_first_page: raw.list.length,
    order,
    paging_headers: paging,
    has_more: hasMore,
    next_page_header: headers.get('x-pages-nextpage') !== null,
  };
  const ordered =
    order === 'unknown' ? 'Their order cannot be told from this page' : `Sessions come ${order}`;
  const summary = `${ordered}; paging headers ${paging}.`;
  if (failure) {
    return {
      name: 'sessions',
      status: 'fail',
      summary: `${messageOf(failure)} ${summary}`,
      details,
    };
  }
  const documented = order !== 'oldest-first' && paging === 'present';
  return { name: 'sessions', status: documented ? 'pass' : 'note', summary, details };
}

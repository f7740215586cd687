import type { MethodInput } from '../../../preload/contract';
import { dayEnd, dayStart } from './format';

export interface FilterState {
  status: '' | 'new' | 'fulfilled';
  currency: string;
  from: string;
  to: string;
  search: string;
}

export const noFilters: FilterState = { status: '', currency: '', from: '', to: '', search: '' };

export type ListQuery = Omit<MethodInput<'fulfillments.list'>, 'limit' | 'offset'>;

/** The form's values as a list query: empty fields are left out, dates become local day bounds. */
export function toListQuery(f: FilterState): ListQuery {
  const query: ListQuery = {};
  if (f.status) query.status = f.status;
  if (/^[A-Za-z]{3}$/.test(f.currency)) query.currency = f.currency.toUpperCase();
  const from = dayStart(f.from);
  if (from) query.from = from;
  const to = dayEnd(f.to);
  if (to) query.to = to;
  const search = f.search.trim();
  if (search) query.search = search;
  return query;
}

export function isFiltered(f: FilterState): boolean {
  return Object.keys(toListQuery(f)).length > 0;
}

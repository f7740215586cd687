import type { SessionStatus } from '../../../preload/contract';
import { useEvent } from '../hooks/use-event';
import { useQuery } from '../hooks/use-query';

export interface LinksFilter {
  status: SessionStatus | '';
  search: string;
  limit: number;
}

/** One page of links for the filter, read again whenever main says links changed. */
export function useLinks(filter: LinksFilter) {
  const search = filter.search.trim();
  const query = useQuery('links.list', {
    ...(filter.status ? { status: filter.status } : {}),
    ...(search ? { search } : {}),
    limit: filter.limit,
    // As the sales list does (COUNT_AHEAD there): a search with many hits says "at least".
    countAhead: 5000,
  });
  useEvent('links.changed', () => query.reload());
  return query;
}

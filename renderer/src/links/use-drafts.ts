import { useEvent } from '../hooks/use-event';
import { useQuery } from '../hooks/use-query';

/**
 * Links kept while Quaderno was unreachable, read again when links change, a draft becomes a
 * link, or Quaderno answers again (asking then also makes main try the drafts at once).
 */
export function useDrafts() {
  const query = useQuery('links.drafts', {});
  useEvent('links.changed', () => query.reload());
  useEvent('links.draftCreated', () => query.reload());
  useEvent('connectivity.changed', ({ online }) => {
    if (online) query.reload();
  });
  return query;
}

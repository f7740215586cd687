import type { Events } from '../../../preload/contract';
import { useEvent } from './use-event';
import { useQuery } from './use-query';

export type Connectivity = Events['connectivity.changed'];

const ASSUMED: Connectivity = { online: true, reason: null };

/**
 * Main's view of Quaderno: asked on mount, because an outage may have begun before this window
 * existed (re-created from the dock or a notification), then followed through events. An event
 * that arrives before the first answer is newer than it, so it wins. Until main answers, and if
 * it cannot, the window assumes online: the calls that need Quaderno still report their errors.
 */
export function useConnectivity(): Connectivity {
  const query = useQuery('app.connectivity', {});
  useEvent('connectivity.changed', query.set);
  return query.data ?? ASSUMED;
}

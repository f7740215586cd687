import { useState } from 'react';
import type { Events } from '../../../preload/contract';
import { useEvent } from './use-event';

export type Connectivity = Events['connectivity.changed'];

/** Online until main says otherwise: main is the one that talks to Quaderno. */
export function useConnectivity(): Connectivity {
  const [state, setState] = useState<Connectivity>({ online: true, reason: null });
  useEvent('connectivity.changed', setState);
  return state;
}

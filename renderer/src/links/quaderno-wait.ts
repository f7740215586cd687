import { useConnectivity } from '../hooks/use-connectivity';

/** What Edit and Cancel say while Quaderno cannot be reached: they need its answer to act. */
export const EDIT_WAITS = 'Editing waits for the connection to Quaderno.';

/** The reason a link's Edit and Cancel wait, or null while Quaderno answers. */
export function useEditWaits(): string | null {
  return useConnectivity().online ? null : EDIT_WAITS;
}

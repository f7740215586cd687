import { useEffect, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Copies text to the clipboard; the state says how it went, for `resetMs`, then idle again. */
export function useCopy(resetMs: number): {
  state: CopyState;
  copy(text: string): Promise<void>;
  /** For a copy made elsewhere (on mount, say) that should show the same way. */
  setState(state: CopyState): void;
} {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), resetMs);
    return () => clearTimeout(timer);
  }, [state, resetMs]);

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return { state, copy, setState };
}

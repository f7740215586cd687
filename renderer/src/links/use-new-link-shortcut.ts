import { useEffect } from 'react';

/** Ctrl+N (⌘N on macOS; shown per platform by ../shortcuts) from anywhere in the window: the merchant's most frequent job. */
export function useNewLinkShortcut(onNewLink: () => void, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'n') return;
      event.preventDefault();
      onNewLink();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onNewLink, enabled]);
}

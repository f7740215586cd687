// Keyboard shortcuts as the merchant's keyboard writes them: "⌘N" on macOS, "Ctrl+N" on
// Windows and Linux. The handlers accept either modifier; only what is shown differs.

/** The parts of `navigator` that tell the platform; userAgentData is Chromium's newer one. */
export interface PlatformHints {
  platform?: string;
  userAgentData?: { platform?: string } | undefined;
}

function pageNavigator(): PlatformHints | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as PlatformHints);
}

export function isMacPlatform(hints: PlatformHints | undefined = pageNavigator()): boolean {
  const name = hints?.userAgentData?.platform || hints?.platform || '';
  return /^mac/i.test(name);
}

/** "⌘N" on macOS, "Ctrl+N" elsewhere. */
export function shortcutLabel(key: string, hints?: PlatformHints): string {
  return isMacPlatform(hints ?? pageNavigator()) ? `⌘${key}` : `Ctrl+${key}`;
}

/** The same keys for aria-keyshortcuts: "Meta+N" on macOS, "Control+N" elsewhere. */
export function shortcutKeys(key: string, hints?: PlatformHints): string {
  return isMacPlatform(hints ?? pageNavigator()) ? `Meta+${key}` : `Control+${key}`;
}

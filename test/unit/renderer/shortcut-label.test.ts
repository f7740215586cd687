// A shortcut is shown as the merchant's keyboard writes it: "⌘N" on macOS, "Ctrl+N" elsewhere.
import { describe, expect, it } from 'vitest';
import { isMacPlatform, shortcutKeys, shortcutLabel } from '../../../renderer/src/shortcuts';

const mac = { platform: 'MacIntel', userAgentData: undefined };
const macHinted = { platform: '', userAgentData: { platform: 'macOS' } };
const windows = { platform: 'Win32', userAgentData: { platform: 'Windows' } };
const linux = { platform: 'Linux x86_64', userAgentData: undefined };

describe('shortcuts shown per platform', () => {
  it('knows macOS from userAgentData or from the older navigator.platform', () => {
    expect(isMacPlatform(mac)).toBe(true);
    expect(isMacPlatform(macHinted)).toBe(true);
    expect(isMacPlatform(windows)).toBe(false);
    expect(isMacPlatform(linux)).toBe(false);
    expect(isMacPlatform(undefined)).toBe(false);
  });

  it('writes ⌘N on macOS and Ctrl+N elsewhere', () => {
    expect(shortcutLabel('N', mac)).toBe('⌘N');
    expect(shortcutLabel('N', windows)).toBe('Ctrl+N');
    expect(shortcutLabel('N', linux)).toBe('Ctrl+N');
  });

  it('names the same keys for assistive technology (aria-keyshortcuts)', () => {
    expect(shortcutKeys('N', mac)).toBe('Meta+N');
    expect(shortcutKeys('N', linux)).toBe('Control+N');
  });
});

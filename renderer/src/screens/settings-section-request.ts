// Lets another part of the frame (the status strip's Details) open Settings at a given section:
// the request waits here until the Settings screen mounts, or reaches it if it already is.
import { useEffect } from 'react';

export type SettingsSection = 'accounts' | 'link-defaults' | 'live';

let pending: SettingsSection | null = null;
const requests = new EventTarget();

export function requestSettingsSection(section: SettingsSection): void {
  pending = section;
  requests.dispatchEvent(new Event('request'));
}

/** The section asked for since the last call, once; null when none was. */
export function takeSettingsSection(): SettingsSection | null {
  const section = pending;
  pending = null;
  return section;
}

export function useSettingsSectionRequests(open: (section: SettingsSection) => void): void {
  useEffect(() => {
    const handle = () => {
      const section = takeSettingsSection();
      if (section) open(section);
    };
    requests.addEventListener('request', handle);
    return () => requests.removeEventListener('request', handle);
  }, [open]);
}

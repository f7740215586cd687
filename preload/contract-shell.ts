// Events the desktop shell (tray, sale sound) sends to the page. They carry no request from the
// page, so they come from main only: the page needs no method to ask for them.
import { event } from './contract-base';
import type { Settings } from './contract';

export const shellEvents = {
  /** The tray's "New link…": the window is showing; open the new-link form as Ctrl/Cmd+N does. */
  'desk.newLink': event<Record<string, never>>(),
  /**
   * A new paid sale the merchant wants to hear (Settings › Desk): the page plays the chime, since
   * Electron's main process has no audio of its own and a hidden window still plays Web Audio.
   */
  'desk.saleSound': event<{ id: number }>(),
  /** Preferences were saved: the shell applies "Open at login" without waiting for a restart. */
  'settings.changed': event<Settings>(),
} as const;

// The settings.* contract methods: read the preferences, change some of them.
import type { Settings } from '../../preload/contract';
import type { Handlers } from '../dispatch';
import type { SettingsService } from './index';

export type SettingsHandlers = Pick<Handlers, 'settings.get' | 'settings.update'>;

export function createSettingsHandlers(
  settings: SettingsService,
  /** Hears every saved change (main/live restarts the receiver on a new port or public URL). */
  onChange: (next: Settings) => void,
): SettingsHandlers {
  return {
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const next = settings.update(patch);
      onChange(next);
      return next;
    },
  };
}

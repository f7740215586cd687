// A console double for Settings and the connect form in Chromium: main's real settings service on
// a temp-file store, so the page meets main's own rules, signed in to `account`.
import type { Account, Settings } from '../../../preload/contract';
import { dispatch } from '../../../main/dispatch';
import { createSettings, createSettingsHandlers } from '../../../main/settings';
import { openStore } from '../../../main/store';
import type { BridgedConsole } from '../../support/http-bridge';
import { fakeEvents, fakeHandlers, sampleAccount, type FakeConsole } from './fake-console';

export interface SettingsFake extends BridgedConsole, Pick<FakeConsole, 'emit'> {
  /** Account names accounts.add was called with, in order. */
  added: string[];
  settings(): Settings;
  close(): void;
}

/** `stored` is written as the preferences row first, as an older version may have left it. */
export function createSettingsFake(
  file: string,
  account: Account,
  stored?: Partial<Settings>,
): SettingsFake {
  const store = openStore(file);
  if (stored) store.settings.set('preferences', stored);
  const settings = createSettings({ store });
  const added: string[] = [];
  const handlers = fakeHandlers({
    ...createSettingsHandlers(settings, () => undefined),
    'app.info': async () => ({
      version: '0.0.0',
      mode: account.kind === 'sandbox' ? 'sandbox' : 'account',
      activeAccount: account,
      dataDir: '/x',
    }),
    'accounts.list': async () => [account],
    'accounts.add': async (input) => {
      added.push(input.account);
      return { ...sampleAccount, id: 2, name: input.account, active: false };
    },
  });
  return {
    added,
    settings: () => settings.get(),
    close: () => store.close(),
    dispatch: (name, input) => dispatch(handlers, name, input),
    ...fakeEvents(),
  };
}

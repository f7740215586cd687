import { useCallback, useState } from 'react';
import type { Account, AppInfo } from '../../preload/contract';
import { AppFrame, type ScreenId } from './components/app-frame';
import { ErrorNotice } from './components/error-notice';
import { WebhooksLeftProvider } from './components/webhooks-left-notice';
import { useSaleFocus } from './fulfillments/undelivered-count';
import { useEvent } from './hooks/use-event';
import { useQuery } from './hooks/use-query';
import { LinksScreen } from './links/links-screen';
import { useNewLinkShortcut } from './links/use-new-link-shortcut';
import { useSaleSound } from './settings/desk-preferences-sound';
import { LeaveChecksProvider, useLeaveChecks } from './settings/leave-guard';
import { OnboardingScreen } from './screens/onboarding-screen';
import {
  ActivityScreen,
  FulfillmentsScreen,
  ScreenSlot,
  SettingsScreen,
  usePrefetchScreens,
} from './lazy-screens';

function afterOnboarding(info: AppInfo, account: Account): AppInfo {
  return {
    ...info,
    mode: account.kind === 'sandbox' ? 'sandbox' : 'account',
    activeAccount: account,
  };
}

export function App() {
  // Above the switch to onboarding: removing the last account must not lose what Quaderno kept.
  return (
    <WebhooksLeftProvider>
      <LeaveChecksProvider>
        <Screens />
      </LeaveChecksProvider>
    </WebhooksLeftProvider>
  );
}

function Screens() {
  const info = useQuery('app.info', {});
  const [screen, setScreen] = useState<ScreenId>('links');
  // Counts Ctrl/Cmd+N presses; 0 after plain navigation, so only the shortcut opens the form.
  const [newLinkSignal, setNewLinkSignal] = useState(0);
  // Every screen change goes through `leave`: a Settings form with edits asks first.
  const { leave } = useLeaveChecks();
  const requestNewLink = useCallback(
    () =>
      leave(() => {
        setScreen('links');
        setNewLinkSignal((n) => n + 1);
      }),
    [leave],
  );
  // Not during onboarding: there is no account to make a link with yet.
  useNewLinkShortcut(requestNewLink, info.data !== undefined && info.data.mode !== 'none');
  const navigate = useCallback(
    (to: ScreenId, before?: () => void) =>
      leave(() => {
        before?.();
        setNewLinkSignal(0);
        setScreen(to);
      }),
    [leave],
  );
  // A clicked sale notification opens that sale on the Fulfilments screen.
  useSaleFocus((open) => navigate('fulfilments', open));
  // Removing the last account sends the merchant back to onboarding.
  useEvent('accounts.changed', () => info.reload());
  usePrefetchScreens(info.data !== undefined);
  // The tray's "New link…": main cannot press Ctrl/Cmd+N for the page.
  useEvent('desk.newLink', () => {
    if (info.data !== undefined && info.data.mode !== 'none') requestNewLink();
  });
  // The chime for a new paid sale, when the merchant chose one: main decides, the page plays.
  useSaleSound();

  if (!info.data) {
    return (
      <main className="splash" aria-busy={info.loading}>
        {info.loading ? <p className="muted">Opening Checkout Console…</p> : null}
        <ErrorNotice error={info.error} />
        {info.error ? (
          <button type="button" className="button" onClick={info.reload}>
            Try again
          </button>
        ) : null}
      </main>
    );
  }

  if (info.data.mode === 'none') {
    const current = info.data;
    return (
      <OnboardingScreen
        onDone={(account) => {
          info.set(afterOnboarding(current, account));
          setScreen('links');
          info.reload();
        }}
      />
    );
  }

  return (
    <AppFrame screen={screen} onNavigate={navigate}>
      <ScreenSlot key={screen}>
        {screen === 'links' ? <LinksScreen newLinkSignal={newLinkSignal} /> : null}
        {screen === 'fulfilments' ? <FulfillmentsScreen.Component /> : null}
        {screen === 'activity' ? <ActivityScreen.Component /> : null}
        {screen === 'settings' ? <SettingsScreen.Component /> : null}
      </ScreenSlot>
    </AppFrame>
  );
}

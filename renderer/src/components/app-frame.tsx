import { useEffect, useRef, useState, type ReactNode } from 'react';
import { UndeliveredBadge } from '../fulfillments/undelivered-count';
import { useAccounts } from '../hooks/use-accounts';
import { requestSettingsSection } from '../screens/settings-section-request';
import { StatusStrip } from '../status/status-strip';
import { KindBadge } from './kind-badge';
import { OfflineBanner } from './offline-banner';

export type ScreenId = 'links' | 'fulfilments' | 'activity' | 'settings';

const screens: ReadonlyArray<{ id: ScreenId; label: string }> = [
  { id: 'links', label: 'Links' },
  { id: 'fulfilments', label: 'Fulfilments' },
  { id: 'activity', label: 'Activity' },
  { id: 'settings', label: 'Settings' },
];

interface AppFrameProps {
  screen: ScreenId;
  onNavigate(screen: ScreenId): void;
  children: ReactNode;
}

// Remembered across launches: a merchant who folds the sidebar on a small screen wants it so.
const FOLDED_KEY = 'frame.sidebarFolded';

function useFoldedSidebar(): [boolean, () => void] {
  const [folded, setFolded] = useState(() => readFolded());
  const toggle = () =>
    setFolded((was) => {
      try {
        localStorage.setItem(FOLDED_KEY, was ? 'no' : 'yes');
      } catch {
        // Storage refused (a locked-down profile): the choice lasts this session only.
      }
      return !was;
    });
  return [folded, toggle];
}

function readFolded(): boolean {
  try {
    return localStorage.getItem(FOLDED_KEY) === 'yes';
  } catch {
    return false;
  }
}

/**
 * Navigation on the left, the account in use at the bottom of it, the screen on the right.
 * Folded, the navigation is one row above the screen, which then has the window's width.
 */
export function AppFrame({ screen, onNavigate, children }: AppFrameProps) {
  const { active } = useAccounts();
  const [folded, toggleFolded] = useFoldedSidebar();
  const main = useRef<HTMLElement>(null);
  const shown = useRef(screen);

  // After navigating, move focus to the new screen's heading so a screen reader
  // announces it and Tab continues from there, not from the old screen.
  useEffect(() => {
    if (shown.current === screen) return;
    shown.current = screen;
    const content = main.current;
    if (!content) return;
    const focusHeading = (): boolean => {
      const heading = content.querySelector('h1');
      if (!heading) return false;
      heading.tabIndex = -1;
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    // A screen whose code is still loading (lazy-screens.tsx) shows its heading a moment later.
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(content, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [screen]);

  return (
    <div className={folded ? 'app-frame app-frame-folded' : 'app-frame'}>
      <aside className="sidebar">
        <div className="sidebar-top">
          <p className="brand">Checkout Console</p>
          <button
            type="button"
            className="sidebar-toggle"
            aria-label={folded ? 'Show the sidebar' : 'Hide the sidebar'}
            title={folded ? 'Show the sidebar' : 'Hide the sidebar'}
            onClick={toggleFolded}
          >
            <span aria-hidden="true">{folded ? '»' : '«'}</span>
          </button>
        </div>
        <nav aria-label="Main">
          <ul className="stack-list nav-list">
            {screens.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={screen === s.id ? 'page' : undefined}
                  onClick={() => onNavigate(s.id)}
                >
                  {s.label}
                  {s.id === 'fulfilments' ? <UndeliveredBadge /> : null}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {active ? (
          <div className="current-account" role="group" aria-label="Account in use">
            <span className="current-account-label">Account in use</span>
            <span className="current-account-name">{active.name}</span>
            <KindBadge kind={active.kind} />
          </div>
        ) : null}
      </aside>
      <main className="content" ref={main}>
        <OfflineBanner />
        <StatusStrip
          onDetails={() => {
            requestSettingsSection('live');
            onNavigate('settings');
          }}
        />
        <div className="content-inner">{children}</div>
      </main>
    </div>
  );
}

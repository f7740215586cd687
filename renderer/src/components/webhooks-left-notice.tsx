import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { secretsLeftAdvice, webhooksLeftAdvice } from '../../../preload/webhooks-left';
import { focusIfDropped } from '../hooks/use-focus-when-row-leaves';
import { CLOSE } from './dismiss-words';
import './webhooks-left-notice.css';

// The webhooks a Remove left at Quaderno (accounts.remove's `webhooksLeft`) and the keychain
// entries it could not delete (`secretsLeft`), kept by the app itself rather than by Settings ›
// Accounts: removing the last account takes the window back to the welcome screen, and the
// merchant must still be told. Said on Settings › Accounts and on the welcome screen until the
// merchant closes it; a later Remove adds its own, never drops any.

/** What one Remove left behind (accounts.remove's answer). */
export interface LeftBehind {
  webhooksLeft: readonly number[];
  secretsLeft: readonly string[];
}

interface WebhooksLeft {
  ids: readonly number[];
  secrets: readonly string[];
  add(left: LeftBehind): void;
  close(): void;
}

/** `known` with what `more` adds to it, or `known` itself when nothing is new. */
function withNew<T>(known: readonly T[], more: readonly T[]): readonly T[] {
  const added = more.filter((x) => !known.includes(x));
  return added.length === 0 ? known : [...known, ...added];
}

const WebhooksLeftContext = createContext<WebhooksLeft | null>(null);

export function WebhooksLeftProvider({ children }: { children: ReactNode }) {
  const [ids, setIds] = useState<readonly number[]>([]);
  const [secrets, setSecrets] = useState<readonly string[]>([]);
  const add = useCallback((left: LeftBehind) => {
    setIds((known) => withNew(known, left.webhooksLeft));
    setSecrets((known) => withNew(known, left.secretsLeft));
  }, []);
  const close = useCallback(() => {
    setIds([]);
    setSecrets([]);
  }, []);
  const value = useMemo(() => ({ ids, secrets, add, close }), [ids, secrets, add, close]);
  return <WebhooksLeftContext.Provider value={value}>{children}</WebhooksLeftContext.Provider>;
}

/** The webhooks and keychain entries left so far, and `add` for a Remove's answer. */
export function useWebhooksLeft(): WebhooksLeft {
  const value = useContext(WebhooksLeftContext);
  if (value === null) throw new Error('useWebhooksLeft needs a WebhooksLeftProvider above it.');
  return value;
}

/**
 * The sentence, with Close. A live region present before the words come, so they are announced
 * when a Remove in view adds them. `takeFocus`: when the words come (or are there on mount, as
 * on the welcome screen the last Remove led to) and the focus fell to <body>, they take it.
 * `onClosed` moves the focus on, since Close goes with the notice.
 */
export function WebhooksLeftNotice({
  takeFocus = false,
  onClosed,
}: {
  takeFocus?: boolean;
  onClosed(): void;
}) {
  const { ids, secrets, close } = useWebhooksLeft();
  const notice = useRef<HTMLDivElement>(null);
  const shown = ids.length > 0 || secrets.length > 0;
  useEffect(() => {
    if (takeFocus && shown) focusIfDropped(notice.current);
  }, [takeFocus, shown]);

  return (
    <div role="status" className="webhooks-left-status">
      {shown ? (
        <div ref={notice} tabIndex={-1} className="notice notice-warning webhooks-left">
          {ids.length > 0 ? <p>{webhooksLeftAdvice(ids)}</p> : null}
          {secrets.length > 0 ? <p>{secretsLeftAdvice(secrets)}</p> : null}
          <button
            type="button"
            className="button"
            onClick={() => {
              close();
              onClosed();
            }}
          >
            {CLOSE}
          </button>
        </div>
      ) : null}
    </div>
  );
}

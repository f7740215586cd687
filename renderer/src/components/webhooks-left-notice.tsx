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
import { webhooksLeftAdvice } from '../../../preload/webhooks-left';
import { focusIfDropped } from '../hooks/use-focus-when-row-leaves';
import { CLOSE } from './dismiss-words';
import './webhooks-left-notice.css';

// The webhooks a Remove left at Quaderno (accounts.remove's `webhooksLeft`), kept by the app
// itself rather than by Settings › Accounts: removing the last account takes the window back to
// the welcome screen, and the merchant must still be told. Said on Settings › Accounts and on the
// welcome screen until the merchant closes it; a later Remove adds its ids, never drops any.

interface WebhooksLeft {
  ids: readonly number[];
  add(ids: readonly number[]): void;
  close(): void;
}

const WebhooksLeftContext = createContext<WebhooksLeft | null>(null);

export function WebhooksLeftProvider({ children }: { children: ReactNode }) {
  const [ids, setIds] = useState<readonly number[]>([]);
  const add = useCallback((more: readonly number[]) => {
    if (more.length === 0) return;
    setIds((known) => {
      const added = more.filter((id) => !known.includes(id));
      return added.length === 0 ? known : [...known, ...added];
    });
  }, []);
  const close = useCallback(() => setIds([]), []);
  const value = useMemo(() => ({ ids, add, close }), [ids, add, close]);
  return <WebhooksLeftContext.Provider value={value}>{children}</WebhooksLeftContext.Provider>;
}

/** The webhooks left so far, and `add` for a Remove's `webhooksLeft`. */
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
  const { ids, close } = useWebhooksLeft();
  const notice = useRef<HTMLDivElement>(null);
  const shown = ids.length > 0;
  useEffect(() => {
    if (takeFocus && shown) focusIfDropped(notice.current);
  }, [takeFocus, shown]);

  return (
    <div role="status" className="webhooks-left-status">
      {shown ? (
        <div ref={notice} tabIndex={-1} className="notice notice-warning webhooks-left">
          <p>{webhooksLeftAdvice(ids)}</p>
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

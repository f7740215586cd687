import { useCallback, useRef, useState } from 'react';
import type { Fulfillment } from '../../../preload/contract';
import { getBridge } from '../bridge';
import { toErrorPayload } from '../errors';

/** Why the open sale could not be read again: gone from the account's history, or a message. */
export type RefreshFailure = { gone: true } | { gone: false; message: string };

export interface OpenSale {
  sale: Fulfillment | null;
  /** Set when the last read of the open sale failed: what it shows was read before. */
  failure: RefreshFailure | null;
  /** True while a read the merchant asked for (Try again) is on its way. */
  retrying: boolean;
  show(sale: Fulfillment | null): void;
  /**
   * Reads sale `id` and shows it (a notification asked for it). Its answer counts only while no
   * other sale was opened or closed, and no later request came, since it started.
   */
  openById(
    id: number,
    answered: { opened(sale: Fulfillment): void; failed(e: unknown): void },
  ): void;
  /** Mark fulfilled or Undo was pressed for sale `id`: its answer will come to `take`. */
  acting(id: number): void;
  /**
   * A newer copy of a sale (an action's answer), taken when it is the open one and no read of
   * it began after the action did.
   */
  take(sale: Fulfillment): void;
  /** Reads sale `id` again when it is the open one (main changed it). */
  reread(id: number): void;
  /** Reads the open sale again because the merchant asked (Try again). */
  retry(): void;
}

// Main answers these when the sale is not in the active account's history (its account was
// removed, or another one is active now): reading it again would not bring it back.
const GONE_CODES = new Set(['not_found', 'no_account']);

function isGone(error: unknown): boolean {
  return GONE_CODES.has(toErrorPayload(error).code);
}

/**
 * The sale shown in the detail, following its sale: a failed read keeps what was shown and says
 * why, since a detail that silently stopped following would offer to mark a sale a rule had
 * already delivered. The latest request started counts: a read answering after a later one
 * started, or one for a sale since closed, is dropped, and so is an action's answer once a read
 * began after the action did (main announces each change, its actions' too, so a read follows
 * every change and the last one brings the sale as it is).
 */
export function useOpenSale(): OpenSale {
  const [sale, setSale] = useState<Fulfillment | null>(null);
  const [failure, setFailure] = useState<RefreshFailure | null>(null);
  const [retrying, setRetrying] = useState(false);
  // `read` counts the reads of the open sale and the actions on it, `open` the sales opened or
  // closed, `focus` the notifications' reads: each request remembers them when it starts.
  const latest = useRef({ id: null as number | null, read: 0, open: 0, focus: 0 });
  // Per sale, `read` when its action was pressed.
  const actions = useRef(new Map<number, number>());

  const show = useCallback((next: Fulfillment | null) => {
    latest.current = { ...latest.current, id: next?.id ?? null, open: latest.current.open + 1 };
    setFailure(null);
    setRetrying(false);
    setSale(next);
  }, []);

  const openById = useCallback<OpenSale['openById']>(
    (id, answered) => {
      const focus = latest.current.focus + 1;
      const { open } = latest.current;
      latest.current = { ...latest.current, focus };
      const counts = () => latest.current.focus === focus && latest.current.open === open;
      getBridge()
        .invoke('fulfillments.get', { id })
        .then(
          (found) => {
            if (!counts()) return;
            show(found);
            answered.opened(found);
          },
          (e: unknown) => {
            if (counts()) answered.failed(e);
          },
        );
    },
    [show],
  );

  const acting = useCallback((id: number) => {
    if (latest.current.id === id) {
      // A read begun before the action would answer with the sale as it was before it.
      latest.current = { ...latest.current, read: latest.current.read + 1 };
      setRetrying(false);
    }
    actions.current.set(id, latest.current.read);
  }, []);

  const take = useCallback((next: Fulfillment) => {
    const readsThen = actions.current.get(next.id);
    actions.current.delete(next.id);
    if (latest.current.id !== next.id) return;
    if (readsThen !== undefined && readsThen !== latest.current.read) return;
    setFailure(null);
    setSale(next);
  }, []);

  const reread = useCallback((id: number) => {
    if (latest.current.id !== id) return;
    const read = latest.current.read + 1;
    const { open } = latest.current;
    latest.current = { ...latest.current, read };
    const counts = () => latest.current.read === read && latest.current.open === open;
    getBridge()
      .invoke('fulfillments.get', { id })
      .then(
        (fresh) => {
          if (!counts()) return;
          setFailure(null);
          setRetrying(false);
          setSale(fresh);
        },
        (e: unknown) => {
          if (!counts()) return;
          setFailure(
            isGone(e) ? { gone: true } : { gone: false, message: toErrorPayload(e).message },
          );
          setRetrying(false);
        },
      );
  }, []);

  const retry = useCallback(() => {
    const { id } = latest.current;
    if (id === null) return;
    setRetrying(true);
    reread(id);
  }, [reread]);

  return { sale, failure, retrying, show, openById, acting, take, reread, retry };
}

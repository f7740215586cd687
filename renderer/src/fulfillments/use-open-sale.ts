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
  show(sale: Fulfillment | null): void;
  /** A newer copy of a sale (an action's answer), taken when it is the open one. */
  take(sale: Fulfillment): void;
  /** Reads sale `id` again when it is the open one (main changed it, or the merchant asked). */
  reread(id: number): void;
}

// Main answers these when the sale is not in the active account's history (its account was
// removed, or another one is active now): reading it again would not bring it back.
const GONE_CODES = new Set(['not_found', 'no_account']);

/**
 * The sale shown in the detail, following its sale: a failed read keeps what was shown and says
 * why, since a detail that silently stopped following would offer to mark a sale a rule had
 * already delivered. Only the latest read counts: an answer another read or an action's answer
 * overtook, or one for a sale since closed, is dropped.
 */
export function useOpenSale(): OpenSale {
  const [sale, setSale] = useState<Fulfillment | null>(null);
  const [failure, setFailure] = useState<RefreshFailure | null>(null);
  const latest = useRef<{ id: number | null; read: number }>({ id: null, read: 0 });

  const show = useCallback((next: Fulfillment | null) => {
    latest.current = { id: next?.id ?? null, read: latest.current.read + 1 };
    setFailure(null);
    setSale(next);
  }, []);

  const take = useCallback((next: Fulfillment) => {
    if (latest.current.id !== next.id) return;
    latest.current = { id: next.id, read: latest.current.read + 1 };
    setFailure(null);
    setSale(next);
  }, []);

  const reread = useCallback((id: number) => {
    if (latest.current.id !== id) return;
    const read = latest.current.read + 1;
    latest.current = { id, read };
    const counts = () => latest.current.read === read;
    getBridge()
      .invoke('fulfillments.get', { id })
      .then(
        (fresh) => {
          if (!counts()) return;
          setFailure(null);
          setSale(fresh);
        },
        (e: unknown) => {
          if (!counts()) return;
          const { code, message } = toErrorPayload(e);
          setFailure(GONE_CODES.has(code) ? { gone: true } : { gone: false, message });
        },
      );
  }, []);

  return { sale, failure, show, take, reread };
}

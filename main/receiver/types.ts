import type { SessionStatus } from '../../preload/contract-links';
import type { SignatureSchemeState } from '../../preload/contract-live';
import type { Repos } from '../store';
import type { SigningTarget } from './signature';

/** What the API says about a session (structurally L1's NormalizedSession). */
export interface ConfirmedSession {
  id: number;
  status: SessionStatus;
  permalink: string;
  customer: { email: string };
  /** quantity and unitAmount (minor units) when the API said; a sale keeps them. */
  items: Array<{ product: string; name: string; quantity?: number; unitAmount?: number }>;
  total: number;
  currency: string;
}

export interface ReceiverRoute {
  accountId: number;
  signingTargets(): Promise<SigningTarget[]>;
}

export interface ReceiverOptions {
  /** The store's shared repos: events, fulfilments, sessions, activity, and their transactions. */
  store: Repos;
  /** 0 (default) lets the OS pick. Always bound to 127.0.0.1. */
  port?: number;
  /** When the signature scheme was last seen (the rows carry the store's own clock). */
  now?: () => string;
  /** Which account a secret path token belongs to, and its webhook's URL(s) + auth key(s). */
  route(token: string): ReceiverRoute | null;
  /**
   * Asks the API about a session named by an event whose signature did not match. `signal`
   * aborts at close (close() waits for it 2 s at most either way).
   */
  confirm?(
    accountId: number,
    sessionId: number,
    signal: AbortSignal,
  ): Promise<ConfirmedSession | null>;
  onFulfillment?(accountId: number, ids: number[]): void;
  onSessionStatus?(accountId: number, sessionIds: number[]): void;
  onEvent?(accountId: number, eventId: number): void;
  /** The account's deliveries are now verified another way (or proved unverifiable). */
  onSignatureScheme?(accountId: number, scheme: SignatureSchemeState): void;
  limits?: {
    bodyBytes?: number;
    headersTimeoutMs?: number;
    requestTimeoutMs?: number;
    /** Open connections at most (512); past it the oldest idle one is closed. */
    maxConnections?: number;
    /** Body bytes held across requests at once (64 MiB); past it 503 + Retry-After. */
    inFlightBytes?: number;
    /** API confirmations per account in any 60 s (10: a tenth of Quaderno's limit at most). */
    confirmsPerMinute?: number;
    /** Quarantined junk kept per account (1,000) and bytes of its bodies (16 MiB). */
    quarantineEvents?: number;
    quarantineBytes?: number;
    /**
     * Quarantined events that read as Quaderno's kept per account (10,000) and their bytes
     * (64 MiB): real ones among them are not all recoverable, so junk never takes their room.
     */
    quarantineReadableEvents?: number;
    quarantineReadableBytes?: number;
    /** How often an account whose auth key could not be read tries it again (30 s). */
    heldRetryMs?: number;
    /**
     * Deliveries in one group commit from which the insert worker commits it (8; 0: all, from
     * the start): a burst gets a second core, a trickle costs no thread (store/writer.ts).
     */
    offThreadFrom?: number;
  };
}

export interface Receiver {
  port: number;
  /** http://127.0.0.1:PORT/hooks/<token> */
  localUrl(token: string): string;
  close(): Promise<void>;
}

// The built-in Quaderno simulator: demo mode of the app and the test double
// every other test uses. It depends on nothing of ours but zod, so it can
// never "agree with itself" with main/quaderno. Behaviour follows Quaderno's public API
// reference and its recorded responses (see main/sandbox/README.md).
export interface SandboxOptions {
  /** Default 0 (OS picks); always binds 127.0.0.1. */
  port?: number;
  /** Default 'sk_test_' + 24 random alphanumerics (or the one kept in stateFile). */
  apiKey?: string;
  /** Default 'sandbox-demo'. */
  accountName?: string;
  /** Delay before the single retry of a failed delivery; default 3000. */
  webhookRetryDelayMs?: number;
  /** Default { limit: 100, windowMs: 15000 }. */
  rateLimit?: { limit: number; windowMs: number };
  /** Optional JSON file: state survives a restart (demo mode). */
  stateFile?: string;
  /** Default true: demo products in EUR, USD, JPY and GBP. */
  seed?: boolean;
  /** How deliveries are signed (see signing.ts); default 'documented', the reference's prose. */
  signatureScheme?: SignatureScheme;
  /**
   * How a request item's `amount` is read: 'minor' (default) as hundredths of the major unit,
   * like responses; 'major' as a decimal unit price, as the reference's wording allows
   * (docs/quaderno-api.md › Where the real service differs). Responses are cents either way.
   */
  requestAmountUnits?: RequestAmountUnits;
  /**
   * Which Quaderno to imitate (README, "Profiles"). Default: the one kept in stateFile,
   * else 'documented'. The choice is kept in stateFile.
   */
  profile?: SandboxProfile;
  /** Observed profile: a pending session idle this long becomes abandoned; default 30 min. */
  abandonAfterMs?: number;
  /** Observed profile: an abandoned session idle this long is removed; default 7 days. */
  removeAbandonedAfterMs?: number;
}

export interface SandboxRequest {
  method: string;
  /** The request target as received, query string included (its first 2048 characters). */
  path: string;
  status: number;
  at: number;
  /** Set when a drop fault destroyed the socket instead of sending `status`. */
  dropped?: true;
}

export interface Sandbox {
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  /** origin + '/api/' */
  apiUrl: string;
  apiKey: string;
  port: number;
  accountName: string;
  profile: SandboxProfile;
  /** Moves the sandbox's clock forward (compressed time for tests); returns the new ISO time. */
  advanceClock(ms: number): string;
  /** Every /api call, in order (for counting API calls in tests): the newest 10,000. */
  requestLog(): SandboxRequest[];
  /** Every webhook delivery attempt, oldest first (same as GET /__sandbox/deliveries). */
  deliveries(): DeliveryRecord[];
  /** Closes keep-alive sockets too, cancels pending retries and flushes the state file. */
  close(): Promise<void>;
}

export type { DeliveryRecord } from './delivery';
export type { SignatureScheme } from './signing';
import type { SignatureScheme } from './signing';
export { SANDBOX_PROFILES, isSandboxProfile, type SandboxProfile } from './profile';
import type { SandboxProfile } from './profile';
export type RequestAmountUnits = 'minor' | 'major';
import type { DeliveryRecord } from './delivery';
export { startSandbox } from './server';
export { loadState as loadSandboxState } from './state';

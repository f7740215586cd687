// Contract: the connection check ("doctor") — a report a merchant can read and share.
import { empty, method } from './contract-base';

/** `note`: Quaderno answered in a way the console accepts but the docs do not describe. */
export type DoctorStatus = 'pass' | 'note' | 'fail';

/** `settings`: a setting from the environment the console cannot use (listed first). */
export type DoctorCheckName =
  'settings' | 'ping' | 'authorization' | 'items' | 'sessions' | 'webhook' | 'signature' | 'clock';

export interface DoctorCheck {
  name: DoctorCheckName;
  status: DoctorStatus;
  /** One sentence; for a failure, the error's message (what to do next). */
  summary: string;
  /** Observations behind the summary, already redacted. */
  details: Record<string, string | number | boolean | null>;
}

export interface DoctorReport {
  account: { name: string; kind: string; apiUrl: string };
  startedAt: string;
  finishedAt: string;
  /** False when any check failed. */
  ok: boolean;
  checks: DoctorCheck[];
  /** The same report as plain text, redacted (no keys, emails masked): safe to copy. */
  text: string;
}

export const doctorMethods = {
  /** Checks the active account against Quaderno step by step; never throws for a failed step. */
  'accounts.checkConnection': method<DoctorReport>()(empty),
} as const;

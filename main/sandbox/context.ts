import type { SandboxProfile } from './profile';
import type { SandboxState, StatePersister } from './state';

/** Everything a handler may touch. Built once per sandbox in server.ts. */
export interface SandboxContext {
  readonly state: SandboxState;
  readonly origin: string;
  readonly apiUrl: string;
  readonly profile: SandboxProfile;
  readonly persist: StatePersister;
  /** Aborted by close(): cancels retries, HEAD checks and fault delays. */
  readonly closing: AbortSignal;
  /** SandboxOptions.requestAmountUnits, defaulted. */
  readonly requestAmountUnits: 'minor' | 'major';
  readonly emit: (eventType: CheckoutEventType, sessionId: number) => void;
  /** The sandbox's clock: the wall clock plus what tests advanced it by. */
  now(): Date;
}

export const isObserved = (ctx: SandboxContext): boolean => ctx.profile === 'observed';

export type CheckoutEventType = 'checkout.succeeded' | 'checkout.failed' | 'checkout.abandoned';

export function isoNow(ctx: SandboxContext): string {
  return ctx.now().toISOString();
}

export function permalinkOf(ctx: SandboxContext, token: string): string {
  return `${ctx.origin}/checkout/session/${token}`;
}

// Errors for the bounds the client keeps on its own: long rate-limit pauses, endless page
// links, oversized answers, shutdown. Each says what happened and what to do next.
import { ConsoleError } from '../errors';
import { describeBytes } from './capped-body';
import type { CallContext } from './http-errors';
import type { Pause } from './rate-limiter';

function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  const days = Math.round(hours / 24);
  // A Retry-After of 999999999 is a server fault, not a plan: its size says nothing useful.
  return days <= 365 ? `${days} days` : 'more than a year';
}

/** Local wall-clock time, HH:MM, as the merchant's own clock shows it. */
function clockTime(epochMs: number): string {
  const at = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/**
 * Told to the call that met the long pause and to every call made while it lasts. `maxPauseMs`
 * is the client's own bound on a pause: past it, the message says the console will not wait
 * as long as Quaderno asked, rather than pair a wait of years with a retry in minutes.
 */
export function pausedError(pause: Pause, maxPauseMs: number): ConsoleError {
  const at = clockTime(pause.until);
  const capped =
    pause.askedMs > maxPauseMs
      ? ` Checkout Console holds calls back ${describeWait(maxPauseMs)} at most, whatever Quaderno asks, so it tries again then.`
      : '';
  return new ConsoleError(
    'rate_limited',
    `Quaderno asked us to wait ${describeWait(pause.askedMs)}; retrying at ${at}.${capped} Calls to Quaderno fail at once until then: try again after ${at}.`,
    { status: 429 },
  );
}

const unsureNote = (context: CallContext) =>
  context.method === 'POST'
    ? ` The ${context.what} may or may not have been created: refresh before trying again.`
    : '';

/**
 * A call ended by what made it (its caller's signal, or shutdown), not by Quaderno or the
 * network: it says nothing about whether Quaderno can be reached (main/connectivity).
 */
export class StoppedCall extends ConsoleError {}

export function isStoppedCall(e: unknown): e is StoppedCall {
  return e instanceof StoppedCall;
}

export function closingError(context: CallContext): ConsoleError {
  return new StoppedCall(
    'offline',
    `Checkout Console is closing, so the call to Quaderno (${context.endpoint}) was stopped. Start it again to finish.${unsureNote(context)}`,
  );
}

/** The call's caller stopped waiting (a connection check out of time): its retries end too. */
export function stoppedError(context: CallContext): ConsoleError {
  return new StoppedCall(
    'timeout',
    `The call to Quaderno (${context.endpoint}) was stopped: what asked for it stopped waiting. Try again.${unsureNote(context)}`,
  );
}

export function tooLargeError(context: CallContext, maxBytes: number): ConsoleError {
  return new ConsoleError(
    'bad_response',
    `Quaderno's answer to ${context.endpoint} was larger than ${describeBytes(maxBytes)}; Checkout Console stopped reading it rather than run out of memory. Try again later; if it persists, contact Quaderno support.`,
  );
}

export function pageLoopError(what: string, page: number): ConsoleError {
  return new ConsoleError(
    'bad_response',
    `Quaderno's next-page link on page ${page} led back to a page already read while listing ${what}; Checkout Console stopped there. Try again later; if it persists, contact Quaderno support.`,
  );
}

export function tooManyPagesError(what: string, maxPages: number): ConsoleError {
  return new ConsoleError(
    'bad_response',
    `Quaderno announced more than ${maxPages} pages while listing ${what}; Checkout Console stopped there. Try again later; if it persists, contact Quaderno support.`,
  );
}

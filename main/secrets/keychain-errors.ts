import { ConsoleError } from '../errors';

const HEADLESS_HINT =
  'For headless use, set CHECKOUT_CONSOLE_API_URL and CHECKOUT_CONSOLE_API_KEY instead.';

function platformHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin')
    return 'Open Keychain Access and check that the login keychain is unlocked.';
  if (platform === 'win32') return 'Check that Windows Credential Manager is running.';
  return 'On Linux, install and unlock gnome-keyring or KWallet (a Secret Service provider) and run Checkout Console from your desktop session.';
}

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// Messages seen from libsecret/D-Bus when the keyring exists but will not open without a prompt.
const LOCKED = /locked collection|prompt|dismissed/i;

/** The native module (or libsecret behind it) could not be loaded at all. */
export function keychainLoadFailed(e: unknown, platform = process.platform): ConsoleError {
  return new ConsoleError(
    'keychain_unavailable',
    `The system keychain could not be loaded (${reasonOf(e)}). ${platformHint(platform)} ${HEADLESS_HINT}`,
    { cause: e },
  );
}

/**
 * Any keytar rejection means the keychain is unusable right now: no Secret Service on the bus
 * ("The name org.freedesktop.secrets was not provided…"), no bus at all ("Cannot autolaunch
 * D-Bus without X11 $DISPLAY"), or a locked keyring whose unlock prompt cannot be shown.
 */
export function keychainFailed(e: unknown, platform = process.platform): ConsoleError {
  const reason = reasonOf(e);
  if (LOCKED.test(reason)) {
    return new ConsoleError(
      'keychain_unavailable',
      `The system keychain is locked (${reason}). Unlock it and try again. ${HEADLESS_HINT}`,
      { cause: e },
    );
  }
  return new ConsoleError(
    'keychain_unavailable',
    `The system keychain is not available (${reason}). ${platformHint(platform)} ${HEADLESS_HINT}`,
    { cause: e },
  );
}

export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

export function keychainTimedOut(timeoutMs: number): ConsoleError {
  return new ConsoleError(
    'keychain_timeout',
    `The system keychain did not answer within ${formatDuration(timeoutMs)}. It may be locked: unlock it and try again.`,
  );
}

/** A call refused at once because an earlier one is still waiting past its time. */
export function keychainStillWaiting(timeoutMs: number): ConsoleError {
  return new ConsoleError(
    'keychain_timeout',
    `The system keychain has not answered an earlier request for more than ${formatDuration(timeoutMs)}, so it is not asked again until it does. It may be locked or waiting for you to unlock it: unlock it and try again.`,
  );
}

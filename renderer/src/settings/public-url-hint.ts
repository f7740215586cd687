// What the public URL field says under it. Quaderno only delivers webhooks to https://
// (docs/quaderno-api.md › HTTPS only), so an http address for a real Quaderno is warned about
// before it is saved; a Quaderno on this machine (the sandbox) needs no public URL at all.
import { isLoopbackApi } from '../../../preload/loopback-api';

const USUAL = 'Leave empty to use the tunnel. The console adds its secret path to this address.';

const HTTPS_ONLY =
  'Quaderno only delivers to https:// addresses, and deletes a webhook after two failed ' +
  'deliveries: use an https URL (a reverse proxy with a certificate), or leave this empty to ' +
  'use the built-in tunnel.';

// A Quaderno on this computer reaches the receiver directly: main's choosePublicRoute does not
// use the saved public URL for it.
const LOCAL = 'Not used with the sandbox: a Quaderno on this computer delivers here directly.';

/** `apiUrl` is the active account's; null while it is not known yet. */
export function publicUrlHint(typed: string, apiUrl: string | null): string {
  if (apiUrl === null) return USUAL;
  if (isLoopbackApi(apiUrl)) return LOCAL;
  return /^http:\/\//i.test(typed.trim()) ? HTTPS_ONLY : USUAL;
}

// Where Quaderno should send webhooks for an account, and how the console gets there.
import { settingsUpdateInput, type Settings } from '../../preload/contract';
import { isLoopbackApi } from '../../preload/loopback-api';

export type PublicRoute =
  | { mode: 'local' }
  | { mode: 'manual'; baseUrl: string }
  | { mode: 'tunnel'; subdomain: string | null; host: string | null };

/** What the CLI's `listen` flags force, over the saved settings. */
export interface LiveOverride {
  port?: number;
  publicUrl?: string;
  tunnel?: { subdomain?: string; host?: string };
}

// A Quaderno on this machine (the built-in or a local sandbox) reaches the receiver directly;
// anything else needs an address the internet can reach: the merchant's own, else a tunnel.
export function choosePublicRoute(
  apiUrl: string,
  settings: Pick<Settings, 'publicUrl' | 'tunnelSubdomain' | 'tunnelHost'>,
  override: LiveOverride = {},
  defaultTunnelHost: string | null = null,
): PublicRoute {
  if (override.tunnel) {
    return {
      mode: 'tunnel',
      subdomain: override.tunnel.subdomain || settings.tunnelSubdomain || null,
      host: override.tunnel.host || settings.tunnelHost || defaultTunnelHost,
    };
  }
  if (override.publicUrl) return { mode: 'manual', baseUrl: override.publicUrl };
  if (isLoopbackApi(apiUrl)) return { mode: 'local' };
  if (settings.publicUrl) return { mode: 'manual', baseUrl: settings.publicUrl };
  return {
    mode: 'tunnel',
    subdomain: settings.tunnelSubdomain || null,
    host: settings.tunnelHost || defaultTunnelHost,
  };
}

/**
 * Why a manual public URL cannot be the webhook's base, or null when it can: the very rule
 * Settings saves it by (the contract's publicUrl schema), applied again where it is used, since a
 * value saved before that rule (with a password, a ?query) is still in the store.
 */
export function publicUrlRuleProblem(baseUrl: string): string | null {
  const checked = settingsUpdateInput.safeParse({ publicUrl: baseUrl });
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'It is not a base URL.');
}

/**
 * What the status says instead of registering a public URL that breaks the rule. The address
 * itself is never echoed: it may hold a password.
 */
export function unusablePublicUrlMessage(problem: string): string {
  return (
    `The public URL cannot receive webhooks. ${problem} Until you fix it in Settings › ` +
    'Webhooks and tunnel, sales arrive only through the sync every 5 minutes.'
  );
}

/** The receiver's path (`/hooks/<token>`) under a public base URL. */
export function hookUrl(baseUrl: string, localUrl: string): string {
  const path = new URL(localUrl).pathname;
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * What to tell the merchant before their own public URL is registered with a real Quaderno,
 * which only delivers to https:// (docs/quaderno-api.md › HTTPS only); null when all is well.
 * A warning, not a refusal: the rule is Quaderno's, and the merchant may know better (a
 * Quaderno that takes http). A Quaderno on this machine (the sandbox) delivers to
 * http://127.0.0.1 as it should.
 */
export function plainHttpWarning(apiUrl: string, route: PublicRoute): string | null {
  if (route.mode !== 'manual' || isLoopbackApi(apiUrl)) return null;
  if (/^https:\/\//i.test(route.baseUrl)) return null;
  return (
    // The address itself is not echoed: one saved before it was checked may hold a password.
    'Quaderno only delivers to https:// addresses, so it will not deliver to the http:// ' +
    'public URL (from --public-url or Settings) and deletes a webhook after two failed ' +
    'deliveries. Use an https URL (a reverse proxy with a certificate) or the built-in tunnel ' +
    '(--tunnel). Until then, sales arrive only through the sync every 5 minutes.'
  );
}

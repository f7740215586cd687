// Where Quaderno should send webhooks for an account, and how the console gets there.
import type { Settings } from '../../preload/contract';

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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackApi(apiUrl: string): boolean {
  try {
    return LOOPBACK.has(new URL(apiUrl).hostname);
  } catch {
    return false;
  }
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

/** The receiver's path (`/hooks/<token>`) under a public base URL. */
export function hookUrl(baseUrl: string, localUrl: string): string {
  const path = new URL(localUrl).pathname;
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

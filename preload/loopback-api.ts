// Whether an account's Quaderno runs on this machine (the built-in sandbox, or one started with
// `checkout-console sandbox`), in one rule for main and the renderer: main does not use the saved
// public URL for it (it reaches the receiver directly, main/live/public-url.ts), and Settings
// says so under the field (renderer/src/settings/public-url-hint.ts).

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True when `apiUrl`'s host is this machine's loopback; false for any other, or no URL at all. */
export function isLoopbackApi(apiUrl: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(apiUrl).hostname);
  } catch {
    return false;
  }
}

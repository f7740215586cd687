import { createQuadernoClient, type QuadernoClientOptions } from '../../../main/quaderno';
import type { Sandbox } from '../../../main/sandbox';
import { useRig } from '../../support/live-rig';

/** Sandboxes and webhook sinks closed after the current test. */
export const { sandbox, sink } = useRig();

/** The real client against a sandbox, with short backoff so retries do not slow the suite. */
export function clientFor(sb: Sandbox, extra: Partial<QuadernoClientOptions> = {}) {
  return createQuadernoClient({
    apiUrl: sb.apiUrl,
    apiKey: sb.apiKey,
    backoff: { baseMs: 20, maxMs: 200 },
    ...extra,
  });
}

export interface FaultSpec {
  path: string;
  method?: string;
  times?: number;
  status?: number;
  delayMs?: number;
  drop?: boolean;
}

/** Injects a failure for the next matching calls through the sandbox's control endpoint. */
export async function addFault(sb: Sandbox, fault: FaultSpec): Promise<void> {
  const res = await fetch(`${sb.origin}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (res.status !== 201) throw new Error(`fault refused: ${res.status} ${await res.text()}`);
}

/** Moves a session as its customer would on the hosted checkout page. */
export async function checkoutAction(
  sb: Sandbox,
  id: number,
  action: 'complete' | 'fail' | 'abandon',
): Promise<void> {
  const res = await fetch(`${sb.origin}/__sandbox/checkout/sessions/${id}/${action}`, {
    method: 'POST',
  });
  if (res.status !== 200) throw new Error(`${action} refused: ${res.status}`);
}

/** API calls the sandbox saw for a method and path prefix (query string ignored). */
export function calls(sb: Sandbox, method: string, pathPrefix: string) {
  return sb
    .requestLog()
    .filter((r) => r.method === method && r.path.split('?')[0]!.startsWith(pathPrefix));
}

export const urls = {
  success_url: 'https://shop.example/thanks',
  cancel_url: 'https://shop.example/cart',
};

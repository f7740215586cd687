import type { ConsoleBridge } from '../../preload/contract';

export class BridgeMissingError extends Error {
  constructor() {
    super('The console bridge is missing: this page must be opened by Checkout Console.');
    this.name = 'BridgeMissingError';
  }
}

function isBridge(value: unknown): value is ConsoleBridge {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { invoke?: unknown }).invoke === 'function' &&
    typeof (value as { on?: unknown }).on === 'function'
  );
}

/** The contract as exposed by the preload (or by the test bridge). Throws if absent. */
export function getBridge(): ConsoleBridge {
  // Read through `unknown`: the global may be absent when the page is opened outside the app.
  const candidate: unknown = Reflect.get(window, 'checkoutConsole');
  if (!isBridge(candidate)) throw new BridgeMissingError();
  return candidate;
}

export function hasBridge(): boolean {
  return isBridge(Reflect.get(window, 'checkoutConsole'));
}

// The page's view of the preload: derived from the contract, never hand-copied.
import type { ConsoleBridge } from '../preload/contract';

declare global {
  interface Window {
    /** Exposed by preload/index.ts (or by the HTTP test bridge in end-to-end tests). */
    readonly checkoutConsole: ConsoleBridge;
  }
}

export {};

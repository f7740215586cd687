// Served (bundled) as /__bridge.js by test/support/http-bridge.ts: the preload's own bridge
// (preload/bridge.ts) over loopback HTTP, so the browser tests run the real preload logic.
// Only the carrier differs from Electron: calls are POST /__rpc/<name>, events one EventSource.
import '../../preload/zod-jitless';
import { createBridge, forContextBridge, type BridgeTransport } from '../../preload/bridge';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../preload/contract-core';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Read by tests through `window.__eventsHeard.count`. */
const eventsHeard = { count: 0 };
Object.defineProperty(window, '__eventsHeard', { value: eventsHeard, enumerable: false });

function createHttpTransport(): BridgeTransport {
  const listeners = new Set<Listener>();
  // Opened at once, not on first subscription, so the stream is already connected when the
  // app's first call can cause an event.
  const source = new EventSource('/__events');
  source.addEventListener('message', (message: MessageEvent<string>) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.data);
    } catch {
      return; // the bridge would drop it anyway: only contract events are delivered
    }
    for (const listener of [...listeners]) listener(message, parsed);
    // How many events the page's listeners have run: a test waits on it to know the page heard a
    // change when nothing on screen says so (its reads are held, say).
    eventsHeard.count += 1;
  });

  return {
    async invoke(channel, input) {
      const name = channel.slice(IPC_PREFIX.length);
      const response = await fetch(`/__rpc/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input === undefined ? {} : input),
      });
      // The bridge checks the envelope's shape, as it does an IPC reply.
      return (await response.json()) as unknown;
    },
    on(channel, listener) {
      if (channel === IPC_EVENT_CHANNEL) listeners.add(listener);
    },
    removeListener(_channel, listener) {
      listeners.delete(listener);
    },
  };
}

Object.defineProperty(window, 'checkoutConsole', {
  value: forContextBridge(createBridge(createHttpTransport())),
  enumerable: true,
});

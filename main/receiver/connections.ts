// A cap on open connections that sheds idle ones first. Node's own server.maxConnections refuses
// every new socket once the cap is reached, so 512 sockets that never send a request locked real
// deliveries out for the whole header timeout. Here a new socket past the cap closes the oldest
// socket with no request in progress (one still sending its headers, or an idle keep-alive);
// when every socket has a request, the one whose body has been arriving longest goes (a real
// delivery's few KiB arrive in one piece: 512 trickled bodies held every slot until the request
// timeout, and real deliveries got a closed connection); only when every request has its whole
// body (it is being stored) is the new one refused.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export const DEFAULT_MAX_CONNECTIONS = 512;

interface State {
  /**
   * Requests begun and not yet answered: a keep-alive socket may have several pipelined, and the
   * first one's answer does not make it idle while a later one is still being stored.
   */
  requests: number;
  /** Of those, the ones whose body is still arriving. */
  reading: number;
  /** Idle: since the last request ended (or the connection opened). Busy: since it began. */
  since: number;
}

export function capConnections(server: Server, cap: number): void {
  const sockets = new Map<Socket, State>();

  function oldest(incoming: Socket, which: (s: State) => boolean): Socket | null {
    let found: Socket | null = null;
    let since = Infinity;
    for (const [socket, state] of sockets) {
      if (socket !== incoming && which(state) && state.since < since) {
        found = socket;
        since = state.since;
      }
    }
    return found;
  }

  function shed(incoming: Socket): void {
    const victim =
      oldest(incoming, (s) => s.requests === 0) ??
      oldest(incoming, (s) => s.reading > 0) ??
      incoming;
    sockets.delete(victim);
    victim.destroy();
  }

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { requests: 0, reading: 0, since: performance.now() });
    socket.once('close', () => sockets.delete(socket));
    if (sockets.size > cap) shed(socket);
  });
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket);
    if (!state) return;
    if (state.requests === 0) state.since = performance.now();
    state.requests += 1;
    // Once per request, whichever comes first: its body's end, or its answer (an aborted body
    // never ends).
    let reading = !req.complete;
    if (reading) state.reading += 1;
    const bodyDone = (): void => {
      if (!reading) return;
      reading = false;
      state.reading -= 1;
    };
    req.once('end', bodyDone);
    res.once('close', () => {
      bodyDone();
      state.requests -= 1;
      if (state.requests === 0) state.since = performance.now();
    });
  });
}

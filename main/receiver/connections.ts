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
  busy: boolean;
  /** The request's body is still arriving. */
  reading: boolean;
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
      oldest(incoming, (s) => !s.busy) ?? oldest(incoming, (s) => s.reading) ?? incoming;
    sockets.delete(victim);
    victim.destroy();
  }

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { busy: false, reading: false, since: performance.now() });
    socket.once('close', () => sockets.delete(socket));
    if (sockets.size > cap) shed(socket);
  });
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket);
    if (!state) return;
    state.busy = true;
    state.reading = !req.complete;
    state.since = performance.now();
    req.once('end', () => (state.reading = false));
    res.once('close', () => {
      state.busy = false;
      state.reading = false;
      state.since = performance.now();
    });
  });
}

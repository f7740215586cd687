// A cap on open connections that sheds idle ones first. Node's own server.maxConnections refuses
// every new socket once the cap is reached, so 512 sockets that never send a request locked real
// deliveries out for the whole header timeout. Here a new socket past the cap closes the oldest
// socket with no request in progress (one still sending its headers, or an idle keep-alive);
// when every socket has a request, the one whose body has been arriving longest goes (a real
// delivery's few KiB arrive in one piece: 512 trickled bodies held every slot until the request
// timeout, and real deliveries got a closed connection); only when every request has its whole
// body (it is being stored) is the new one refused.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export const DEFAULT_MAX_CONNECTIONS = 512;

interface State {
  /**
   * Requests begun and not yet answered: a keep-alive socket may have several pipelined, and the
   * first one's answer does not make it idle while a later one is still being stored.
   */
  requests: number;
  /**
   * The socket's latest request: requests arrive in order on a socket, so only it can still be
   * receiving its body (`complete` false while it arrives; an aborted one closes its socket).
   */
  last: IncomingMessage | null;
  /**
   * Idle: since the last request ended (or the connection opened). Busy: since it began. A count,
   * not a clock: only the order matters.
   */
  since: number;
}

/** A request in progress whose body is still arriving. */
const reading = (s: State): boolean => s.requests > 0 && s.last !== null && !s.last.complete;

export function capConnections(server: Server, cap: number): void {
  const sockets = new Map<Socket, State>();
  let clock = 0;

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
      oldest(incoming, (s) => s.requests === 0) ?? oldest(incoming, reading) ?? incoming;
    sockets.delete(victim);
    victim.destroy();
  }

  // One listener for every answer (no closure per request): the answer's request names the socket.
  function answered(this: ServerResponse): void {
    const state = sockets.get(this.req.socket);
    if (!state) return;
    state.requests -= 1;
    if (state.requests === 0) {
      state.since = clock++;
      state.last = null;
    }
  }

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { requests: 0, last: null, since: clock++ });
    socket.once('close', () => sockets.delete(socket));
    if (sockets.size > cap) shed(socket);
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const state = sockets.get(req.socket);
    if (!state) return;
    if (state.requests === 0) state.since = clock++;
    state.requests += 1;
    state.last = req;
    res.on('close', answered);
  });
}

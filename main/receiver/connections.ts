// A cap on open connections that sheds idle ones first. Node's own server.maxConnections refuses
// every new socket once the cap is reached, so 512 sockets that never send a request locked real
// deliveries out for the whole header timeout. Here a new socket past the cap closes the oldest
// socket with no request in progress (one still sending its headers, or an idle keep-alive);
// only when every socket is busy with a request is the new one refused.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export const DEFAULT_MAX_CONNECTIONS = 512;

interface State {
  busy: boolean;
  since: number;
}

export function capConnections(server: Server, cap: number): void {
  const sockets = new Map<Socket, State>();

  function shed(incoming: Socket): void {
    let victim: Socket = incoming;
    let oldest = Infinity;
    for (const [socket, state] of sockets) {
      if (!state.busy && state.since < oldest && socket !== incoming) {
        victim = socket;
        oldest = state.since;
      }
    }
    sockets.delete(victim);
    victim.destroy();
  }

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { busy: false, since: performance.now() });
    socket.once('close', () => sockets.delete(socket));
    if (sockets.size > cap) shed(socket);
  });
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket);
    if (!state) return;
    state.busy = true;
    res.once('close', () => {
      state.busy = false;
      state.since = performance.now();
    });
  });
}

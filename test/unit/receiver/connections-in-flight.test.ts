// The connection cap (main/receiver/connections.ts) on a plain HTTP server: which socket it
// closes when a new one comes past the cap. The receiver's own cases (idle sockets, slow
// senders) are in test/integration/receiver/connections.test.ts and slow-senders.test.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { capConnections } from '../../../main/receiver/connections';

/** A promise and its resolver, for a handler the test lets go of. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

interface Client {
  socket: Socket;
  /** Everything the server sent. */
  received: () => string;
  closed: () => boolean;
}

async function client(port: number): Promise<Client> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let closed = false;
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => undefined);
  socket.once('close', () => (closed = true));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received: () => text, closed: () => closed };
}

const answers = (c: Client): number => c.received().split('HTTP/1.1 200').length - 1;

let server: Server | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server capped at `cap` connections; `handle` answers each request. */
async function cappedServer(
  cap: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  server = createServer({ keepAlive: true }, handle);
  server.on('connection', () => (connections += 1));
  capConnections(server, cap);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, connections: () => connections };
}

async function opened(port: number): Promise<Client> {
  const c = await client(port);
  clients.push(c);
  return c;
}

describe('the connection cap and requests in progress', () => {
  it('keeps a keep-alive socket whose second pipelined request is still being stored when its first is answered', async () => {
    const slow = gate();
    const slowArrived = gate();
    const rig = await cappedServer(2, (req, res) => {
      if (req.url === '/slow') {
        slowArrived.open();
        void slow.opened.then(() => res.end('slow'));
      } else res.end('fast');
    });
    const pipelined = await opened(rig.port);
    pipelined.socket.write(
      'GET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    await slowArrived.opened;
    await expect.poll(() => answers(pipelined), { timeout: 10_000 }).toBe(1);
    // Two new sockets: the second is past the cap, so one socket with nothing in progress goes.
    const first = await opened(rig.port);
    const second = await opened(rig.port);
    await expect.poll(() => rig.connections(), { timeout: 10_000 }).toBe(3);
    await expect
      .poll(() => [pipelined, first, second].filter((c) => c.closed()).length, { timeout: 10_000 })
      .toBe(1);
    slow.open();
    await expect.poll(() => answers(pipelined), { timeout: 10_000 }).toBe(2);
    expect(pipelined.closed()).toBe(false);
  });

  it('never sheds a request that has its whole body, while slow senders still drip theirs', async () => {
    const stored = gate();
    const storedArrived = gate();
    const dripping: IncomingMessage[] = [];
    const cap = 6;
    const rig = await cappedServer(cap, (req, res) => {
      if (req.url === '/store') {
        // Read whole, then held as a delivery waiting for its sync.
        req.resume();
        req.once('end', () => {
          storedArrived.open();
          void stored.opened.then(() => res.end('stored'));
        });
      } else {
        dripping.push(req);
        req.resume();
      }
    });
    const delivery = await opened(rig.port);
    delivery.socket.write('POST /store HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}');
    await storedArrived.opened;
    // Every other slot: a body announced as 1000 bytes of which one arrives.
    for (let i = 1; i < cap; i += 1) {
      const drip = await opened(rig.port);
      drip.socket.write('POST /drip HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{');
    }
    await expect.poll(() => dripping.length, { timeout: 10_000 }).toBe(cap - 1);
    // Past the cap: a dripping sender goes, not the delivery being stored.
    await opened(rig.port);
    await expect.poll(() => clients.filter((c) => c.closed()).length, { timeout: 10_000 }).toBe(1);
    stored.open();
    await expect.poll(() => answers(delivery), { timeout: 10_000 }).toBe(1);
    expect(delivery.closed()).toBe(false);
  });
});

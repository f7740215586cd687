// A server that answers any request with a status line and then one header line every 100 ms,
// forever: never idle long enough for a socket timeout, never a whole answer.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { Cleanups } from './cleanups';

export interface DribblingServer {
  port: number;
  /** Resolves once the first answer has begun. */
  answering: Promise<void>;
}

export async function startDribblingServer(defer: Cleanups['defer']): Promise<DribblingServer> {
  const held: Socket[] = [];
  let begun: () => void = () => undefined;
  const answering = new Promise<void>((r) => (begun = r));
  const server = createServer((s) => {
    held.push(s);
    s.on('error', () => {});
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\n');
      begun();
      const tick = setInterval(() => s.write('x-wait: 1\r\n'), 100);
      s.on('close', () => clearInterval(tick));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  defer(() => {
    for (const s of held) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { port: (server.address() as AddressInfo).port, answering };
}

// The tunnel's probe of its public URL ends when the tunnel closes, not at its own deadline: a
// server dribbling an answer must not hold a closing tunnel (and the pipeline's stop) that long.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeStatus } from '../../../main/tunnel/probe';
import { useCleanups } from '../../support/cleanups';

const { defer } = useCleanups();

describe('the tunnel probe', () => {
  it('ends at once when the tunnel closes, long before its own deadline', async () => {
    const held: Socket[] = [];
    let answering: () => void = () => undefined;
    const started = new Promise<void>((r) => (answering = r));
    const dribbling = createServer((s) => {
      held.push(s);
      s.on('error', () => {});
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\n');
        answering();
        const tick = setInterval(() => s.write('x-wait: 1\r\n'), 100);
        s.on('close', () => clearInterval(tick));
      });
    });
    await new Promise<void>((r) => dribbling.listen(0, '127.0.0.1', () => r()));
    defer(() => {
      for (const s of held) s.destroy();
      return new Promise<void>((r) => dribbling.close(() => r()));
    });
    const port = (dribbling.address() as AddressInfo).port;
    const closing = new AbortController();
    const probe = probeStatus(`http://127.0.0.1:${port}/probe`, 120_000, closing.signal);
    await started;
    closing.abort();
    const outcome = await Promise.race([
      probe,
      new Promise((r) => setTimeout(() => r('still waiting after 30 s'), 30_000)),
    ]);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('closed');
  }, 60_000);
});

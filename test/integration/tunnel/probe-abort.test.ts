// The tunnel's probe of its public URL ends when the tunnel closes, not at its own deadline: a
// server dribbling an answer must not hold a closing tunnel (and the pipeline's stop) that long.
import { describe, expect, it } from 'vitest';
import { probeStatus } from '../../../main/tunnel/probe';
import { useCleanups } from '../../support/cleanups';
import { startDribblingServer } from '../../support/dribbling-server';

const { defer } = useCleanups();

describe('the tunnel probe', () => {
  it('ends at once when the tunnel closes, long before its own deadline', async () => {
    const dribbling = await startDribblingServer(defer);
    const closing = new AbortController();
    const probe = probeStatus(`http://127.0.0.1:${dribbling.port}/probe`, 120_000, closing.signal);
    await dribbling.answering;
    closing.abort();
    const outcome = await Promise.race([
      probe,
      new Promise((r) => setTimeout(() => r('still waiting after 30 s'), 30_000)),
    ]);
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('closed');
  }, 60_000);
});

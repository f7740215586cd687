// Unsigned deliveries (a flood of junk, or an account whose scheme is not known yet) are stored
// in the writer's group commits, one transaction and one sync for all that queued, not one
// FULL commit each on the event loop (review R6 M4; batching.ts, writer.quarantine).
import { describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { send, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-quarantine-writer-');

describe('receiver quarantine', () => {
  it('stores unsigned deliveries sent at once in shared commits and answers each 200 once stored', async () => {
    const rig = await startRig(tmp);
    const oneByOne = vi.spyOn(rig.store.events, 'quarantine');
    const answers = await Promise.all(
      Array.from({ length: 48 }, (_, i) =>
        send(rig.url, {
          headers: { 'Content-Type': 'application/json' },
          body: succeededBody({ session: 4400 + i }),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(48).fill(200));
    expect(rig.store.events.count(rig.accountId, 'invalid')).toBe(48);
    // A commit of its own is kept for the fallback (a batch the store refused), not the rule.
    expect(oneByOne).not.toHaveBeenCalled();
  });
});

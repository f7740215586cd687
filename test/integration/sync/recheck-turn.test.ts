// The one-by-one asks about open links below where the status passes stopped, on a real store.
import { describe, expect, it } from 'vitest';
import { normalizeSession } from '../../../main/quaderno/normalize';
import type { QuadernoSession } from '../../../main/quaderno';
import { recheckOpenSessions } from '../../../main/sync/recheck-open';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir();
const ctx = useStoreWithAccount(tmp);

const pending = (id: number) =>
  ({
    id,
    status: 'pending',
    permalink: `https://acme.quadernoapp.com/checkout/session/${String(id).padStart(40, '0')}`,
    items: [{ product: 'prod_a', quantity: 1, amount: 2100.0, currency: 'EUR' }],
    customer: { email: `buyer${id}@example.com` },
    metadata: {},
  }) as unknown as QuadernoSession;

describe('the turn of older open links', () => {
  it('comes round again to the top without asking a second time about the link it ended on', async () => {
    const { store, accountId } = ctx;
    for (let id = 1; id <= 25; id++)
      store.sessions.upsert(accountId, normalizeSession(pending(id)), { origin: 'console' });
    const asked: number[][] = [];
    const turn = async (resume: number | null) => {
      const ids: number[] = [];
      const client = {
        getSession: (id: number) => {
          ids.push(id);
          return Promise.resolve(pending(id));
        },
      };
      const out = await recheckOpenSessions(
        { client, accountId, now: () => new Date().toISOString(), ...store },
        1000,
        resume,
      );
      asked.push(ids);
      return out.resumeBelow;
    };

    // The newest 10 (25–16), then 15–6 in turn.
    const resume = await turn(null);
    expect(resume).toBe(6);
    // Links 8–15 are closed meanwhile: below 6 come 5–1, then round from the top, 7 only.
    for (let id = 8; id <= 15; id++) store.sessions.setStatus(accountId, id, 'completed');
    await turn(resume);

    expect(asked[1]).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 5, 4, 3, 2, 1, 7]);
  });
});

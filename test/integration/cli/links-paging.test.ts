// `links --limit/--offset` (issue 15, "CLI parity"): the links page by page as a real process,
// the next page named on the last line, and quantities written as everywhere else ("2 × Unicorn").
import { describe, expect, it } from 'vitest';
import { runCliOver, seedCliLedger } from '../../support/cli-ledger';
import { linkSession } from '../../support/link-fixture';
import type { Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

const cli = (args: string[]): Promise<Finished> => runCliOver(tmp.path, ['--utc', ...args]);

/** Five pending links, ids 71 to 75, the newest last. */
function seed(): void {
  seedCliLedger(tmp.path, ({ store, accountId }) => {
    for (let i = 1; i <= 5; i++) {
      store.sessions.upsert(
        accountId,
        linkSession({
          id: 70 + i,
          permalink: `https://acme.quadernoapp.com/checkout/session/${i}`,
          customer: { email: `buyer${i}@example.com` },
          createdAt: `2026-11-28T0${i}:00:00.000Z`,
        }),
        { origin: 'console' },
      );
    }
  });
}

const ids = (run: Finished) =>
  run.stdout
    .split('\n')
    .map((l) => /^(\d+)\s/.exec(l)?.[1])
    .filter(Boolean);

describe('checkout-console links, page by page', () => {
  it('prints --limit links from --offset and names the next page', async () => {
    seed();
    const first = await cli(['links', '--limit', '2']);
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(ids(first)).toEqual(['75', '74']);
    expect(first.stdout).toContain('2 × Unicorn');
    expect(first.stdout.trim().split('\n').at(-1)).toBe('… 3 more (--offset 2).');

    const last = await cli(['links', '--limit', '2', '--offset', '4']);
    expect(ids(last)).toEqual(['71']);
    expect(last.stdout).not.toContain('more');

    const past = await cli(['links', '--offset', '9']);
    expect(past.stdout.trim()).toBe('No links past --offset 9 (5 match).');

    const json = await cli(['links', '--limit', '1', '--offset', '1', '--json']);
    expect((JSON.parse(json.stdout) as Array<{ id: number }>).map((l) => l.id)).toEqual([74]);
  });

  it('refuses a limit over 500 or a word, naming the flag', async () => {
    seed();
    const big = await cli(['links', '--limit', '501']);
    expect([big.code, big.stderr]).toEqual([2, expect.stringContaining('--limit: use 1 to 500')]);
    const word = await cli(['links', '--offset', 'two']);
    expect([word.code, word.stderr]).toEqual([
      2,
      expect.stringContaining('--offset needs a whole number'),
    ]);
  });
});

// Holding back the desk double's answers, to put a renderer test's late answer where it wants it.
import type { Page } from 'playwright-core';
import type { DeskFake } from './desk-fake-console';
import { twoFrames } from './two-frames';

export interface HeldAnswers {
  /** Lets the held answers go. */
  release(): void;
  /** How many calls were held so far. */
  seen(): number;
}

/**
 * Holds back the answers to `method` for sale `id` (the call itself runs at once, so the ledger
 * changes then) until `release()`.
 */
export function holdAnswers(desk: DeskFake, method: string, id: number): HeldAnswers {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let seen = 0;
  const inner = desk.dispatch;
  desk.dispatch = async (name, input) => {
    const answer = inner(name, input);
    const forSale = typeof input === 'object' && input !== null && 'id' in input && input.id === id;
    if (name === method && forSale) {
      seen += 1;
      await held;
    }
    return answer;
  };
  return { release: () => release(), seen: () => seen };
}

/** Lets the held answers go and waits until the page has one and has drawn what it caused. */
export async function releaseAndSettle(p: Page, hold: HeldAnswers, method: string): Promise<void> {
  const answered = p.waitForResponse((r) => r.url().includes(method));
  hold.release();
  await (await answered).finished();
  await twoFrames(p);
}

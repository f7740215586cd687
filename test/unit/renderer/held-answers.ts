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
 * Holds back the answers to `method` for sale `id` until `release()`: the call itself runs at
 * once (the ledger changes then), and its answer is the sale as it was then.
 */
export function holdAnswers(desk: DeskFake, method: string, id: number): HeldAnswers {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let seen = 0;
  const inner = desk.dispatch;
  desk.dispatch = async (name, input) => {
    const answer = await inner(name, input);
    const forSale = typeof input === 'object' && input !== null && 'id' in input && input.id === id;
    if (name !== method || !forSale) return answer;
    seen += 1;
    // As it was answered: the double's answer is its live sale, which may change meanwhile.
    const then = structuredClone(answer);
    await held;
    return then;
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

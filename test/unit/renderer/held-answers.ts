// Holding back the desk double's answers, to put a renderer test's late answer where it wants it.
import type { Page } from 'playwright-core';
import type { BridgedConsole } from '../../support/http-bridge';
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

export interface EachHeld {
  /** How many calls were made so far, held or not. */
  seen(): number;
  /** Lets the oldest held answer go. */
  releaseNext(): void;
  /** Lets every held answer go, and holds no later one. */
  releaseAll(): void;
}

/**
 * Holds back every answer to `method` until let go, oldest first: the call itself runs at once,
 * and its answer is what the double said then.
 */
export function holdEachAnswer(
  console: { dispatch: BridgedConsole['dispatch'] },
  method: string,
): EachHeld {
  const waiting: Array<() => void> = [];
  let holding = true;
  let seen = 0;
  const inner = console.dispatch;
  console.dispatch = async (name, input) => {
    const answer = await inner(name, input);
    if (name !== method) return answer;
    seen += 1;
    if (!holding) return answer;
    const then = structuredClone(answer);
    await new Promise<void>((resolve) => waiting.push(resolve));
    return then;
  };
  return {
    seen: () => seen,
    releaseNext: () => waiting.shift()?.(),
    releaseAll() {
      holding = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

// Holding back a console double's answer to one call, to see what the page does while it waits:
// a button its own action makes wait keeps the keyboard focus (BusyButton), and a second press
// meanwhile sends nothing.
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { BridgedConsole } from '../../support/http-bridge';

export interface Held {
  /** Resolves once a call to the held method has come in (its answer is held). */
  arrived: Promise<void>;
  release(): void;
  /** How many calls to the method came in, the held one included. */
  calls(): number;
}

/** Holds the answer to the next call of `method` until `release()`. */
export function holdNext(console: BridgedConsole, method: string): Held {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let arrive = (): void => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  let holding = true;
  let calls = 0;
  const inner = console.dispatch.bind(console);
  console.dispatch = async (name, input) => {
    if (name === method) calls += 1;
    if (name !== method || !holding) return inner(name, input);
    holding = false;
    arrive();
    await gate;
    return inner(name, input);
  };
  return { arrived, release: () => release(), calls: () => calls };
}

export const isFocused = (target: Locator) =>
  target.evaluate((el) => el === document.activeElement);

/**
 * Presses `control` from the keyboard (`key`: Enter for a button, Space for a switch) while
 * `held` holds its action: it waits (aria-disabled) with the focus still on it, and a second
 * press meanwhile sends nothing. Leaves the answer held.
 */
export async function pressWhileHeld(
  p: Page,
  control: Locator,
  held: Held,
  key = 'Enter',
): Promise<void> {
  await control.focus();
  await p.keyboard.press(key);
  await held.arrived;
  await expect.poll(() => control.getAttribute('aria-disabled')).toBe('true');
  expect(await isFocused(control)).toBe(true);
  await p.keyboard.press(key);
  expect(await isFocused(control)).toBe(true);
  expect(held.calls()).toBe(1);
}

/** `pressWhileHeld`, then the answer released: the control is back, still with the focus. */
export async function pressHeld(
  p: Page,
  control: Locator,
  held: Held,
  key = 'Enter',
): Promise<void> {
  await pressWhileHeld(p, control, held, key);
  held.release();
  await expect.poll(() => control.getAttribute('aria-disabled')).toBe('false');
  expect(await isFocused(control)).toBe(true);
  expect(held.calls()).toBe(1);
}

/**
 * Presses `control` while it waits for something other than a call of its own (the connection
 * to Quaderno): by the keyboard with the focus on it, then by a click (forced: Playwright does
 * not click an aria-disabled button). It stays aria-disabled with the focus; the caller checks
 * that nothing was sent or opened.
 */
export async function expectIgnoredWhileWaiting(
  p: Page,
  control: Locator,
  key = 'Enter',
): Promise<void> {
  await control.focus();
  await p.keyboard.press(key);
  await control.click({ force: true });
  expect(await control.getAttribute('aria-disabled')).toBe('true');
  expect(await isFocused(control)).toBe(true);
}

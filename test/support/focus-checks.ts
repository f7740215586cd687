// Where the keyboard focus is after an action replaced or revealed something: on the element
// the merchant should read or use next, and that element inside the window, not off-screen.
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/** Waits until `target` holds (or contains) the focus and lies within the page's viewport. */
export async function expectFocusedInView(target: Locator): Promise<void> {
  await expect.poll(() => target.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await expect
    .poll(() =>
      target.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      }),
    )
    .toBe(true);
}

// Waiting in a renderer test until the page has drawn what a change caused, without sleeping.
import type { Page } from 'playwright-core';

/** Two frames drawn in the page: any render and effect a change caused has run by then. */
export const twoFrames = (p: Page): Promise<void> =>
  p.evaluate(
    () =>
      new Promise<void>((done) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))),
      ),
  );

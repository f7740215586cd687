// A window the OS has hidden (minimised, or closed to the tray), in a headless page that never
// is: the page reads document.hidden and gets 'visibilitychange', and its animation frames wait
// until it shows again, as Chromium holds them for a hidden window.
import type { Page } from 'playwright-core';

interface HiddenWindow {
  hidden: boolean;
  /** Held frames by the (negative) id their request answered. */
  held: Map<number, FrameRequestCallback>;
}

declare global {
  interface Window {
    hiddenWindow?: HiddenWindow;
  }
}

/** Hides the page's window: from now its frames are held (see heldFrames) until showWindow. */
export async function hideWindow(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (!window.hiddenWindow) {
      const state: HiddenWindow = { hidden: false, held: new Map() };
      window.hiddenWindow = state;
      const draw = window.requestAnimationFrame.bind(window);
      const cancel = window.cancelAnimationFrame.bind(window);
      let lastHeld = 0;
      Object.defineProperty(document, 'hidden', { get: () => state.hidden });
      Object.defineProperty(document, 'visibilityState', {
        get: () => (state.hidden ? 'hidden' : 'visible'),
      });
      window.requestAnimationFrame = (callback) => {
        if (!state.hidden) return draw(callback);
        lastHeld -= 1;
        state.held.set(lastHeld, callback);
        return lastHeld;
      };
      window.cancelAnimationFrame = (id) => {
        if (!state.held.delete(id)) cancel(id);
      };
    }
    window.hiddenWindow.hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

/** Shows the window again: the frames held meanwhile are drawn, as many as were asked for. */
export async function showWindow(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = window.hiddenWindow;
    if (!state) return;
    state.hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    const held = [...state.held.values()];
    state.held.clear();
    for (const callback of held) requestAnimationFrame(callback);
  });
}

/** How many animation frames the page has asked for while hidden, not drawn yet. */
export function heldFrames(page: Page): Promise<number> {
  return page.evaluate(() => window.hiddenWindow?.held.size ?? 0);
}

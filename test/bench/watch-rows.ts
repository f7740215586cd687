// The screen bench times when a sale's row first shows in Chromium (live-hops.ts does it for the
// live bench). The watcher runs in the page, so it is a string (tsx's name-keeping helpers do
// not exist there).
import type { Page } from 'playwright-core';

/**
 * Installs the watcher: notes when a row showing each awaited email first appears, the most
 * sale rows ever in the DOM at once, and the moment a click reaches the page (the harness's own
 * wait before clicking is not what a merchant waits for).
 */
export const WATCH_ROWS = `(() => {
  window.__want = new Set();
  window.__seenAt = {};
  window.__maxRows = 0;
  document.addEventListener('click', () => { window.__clickAt = Date.now(); }, true);
  new MutationObserver(() => {
    const now = Date.now();
    const rows = document.querySelectorAll('.sale-row[data-sale-id]');
    if (rows.length > window.__maxRows) window.__maxRows = rows.length;
    if (window.__want.size === 0) return;
    for (const row of rows) {
      const text = row.textContent || '';
      for (const email of window.__want) {
        if (text.includes(email)) {
          window.__seenAt[email] = now;
          window.__want.delete(email);
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

/** Tells the watcher to note when a row showing `email` appears. */
export async function awaitRow(page: Page, email: string): Promise<void> {
  await page.evaluate((e) => {
    (window as unknown as { __want: Set<string> }).__want.add(e);
  }, email);
}

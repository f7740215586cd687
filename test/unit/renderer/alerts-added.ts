// Every role="alert" element the page adds, in order: what a screen reader announces. A refusal
// announced by a row and then again by its list shows here twice.
import type { Page } from 'playwright-core';
import { z } from 'zod';

/** From now on, records each alert added (alone or inside a larger addition). */
export async function recordAlerts(p: Page): Promise<() => Promise<string[]>> {
  await p.evaluate(() => {
    const seen: string[] = [];
    const note = (el: Element) =>
      seen.push(`${el.parentElement?.tagName ?? '?'}:${el.textContent ?? ''}`);
    new MutationObserver((changes) => {
      for (const change of changes)
        for (const node of change.addedNodes) {
          if (!(node instanceof Element)) continue;
          if (node.getAttribute('role') === 'alert') note(node);
          node.querySelectorAll('[role="alert"]').forEach(note);
        }
    }).observe(document.body, { childList: true, subtree: true });
    Object.assign(window, { alertsAdded: seen });
  });
  return async () =>
    z.array(z.string()).parse(await p.evaluate(() => Reflect.get(window, 'alertsAdded')));
}

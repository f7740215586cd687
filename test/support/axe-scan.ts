// axe-core run inside a page of the built renderer: the serious and critical findings, one line
// each (where, rule, impact, targets), so an accessibility test can list every one at once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// From node_modules, never a CDN: the tests run without network.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const BLOCKING: ReadonlySet<ImpactValue> = new Set<ImpactValue>(['serious', 'critical']);

type AxeWindow = Window & { axe?: { run(context: Document): Promise<AxeResults> } };

/**
 * Runs axe-core on the whole page as it is now and returns its serious and critical
 * violations as `where: rule (impact) at target, …` lines; none means the screen passes.
 */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  // Evaluated through the DevTools protocol rather than added as a <script>: the renderer's
  // CSP (script-src 'self') rightly refuses inline scripts, and must stay as the app ships it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const { axe } = window as AxeWindow;
    if (!axe) throw new Error('axe-core did not load in the page');
    const results = await axe.run(document);
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact !== null && BLOCKING.has(v.impact))
    .map((v) => `${where}: ${v.id} (${v.impact}) at ${v.targets.join(', ')}`);
}

// Issue 16, "First paint": the first screen's code holds neither the chart library nor the
// other screens (Settings, Fulfilments, Activity); the window fetches those as chunks of their
// own, relative to the page (file: URLs), and still opens each of them at once when asked.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from '../../support/renderer-build';
import { readRendererChunks, type RendererChunks } from '../../support/renderer-chunks';
import { goToScreen } from '../../support/renderer-pages';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();
let chunks: RendererChunks;

beforeAll(async () => {
  chunks = await readRendererChunks(await buildRenderer());
}, 120_000);

// Words only that part's code holds.
const later = {
  'the chart library': 'recharts-bar-rectangle',
  'the Settings screen': 'Settings sections',
  'the Fulfilments screen': 'Sales totals',
  'the Activity screen': 'Everything Quaderno sent (raw)',
};

describe('the first screen’s bundle', () => {
  it.each(Object.entries(later))('leaves out %s', (_, words) => {
    const holding = (files: RendererChunks['all']) =>
      files.filter((f) => f.text.includes(words)).map((f) => f.file);
    expect(holding(chunks.all)).not.toEqual([]);
    expect(holding(chunks.initial)).toEqual([]);
  });

  it('imports its chunks relative to itself, as file: URLs need', () => {
    for (const f of chunks.all.filter((c) => c.file.endsWith('.js'))) {
      const absolute = [...f.text.matchAll(/\bimport\s*\(\s*["'`](\/[^"'`]*)["'`]/g)];
      expect(
        absolute.map((m) => m[1]),
        f.file,
      ).toEqual([]);
    }
  });
});

describe('screens in chunks of their own', () => {
  it('open from the navigation under the page’s CSP, focus on their heading, chart drawn', async () => {
    const p = await pages.open(createDeskFake({ sales: makeSales(3) }));
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    for (const screen of ['Settings', 'Activity', 'Fulfilments']) {
      await goToScreen(p, screen);
      await expect.poll(() => p.evaluate(() => document.activeElement?.textContent)).toBe(screen);
    }
    await p.getByRole('img', { name: /Revenue per day for the last 30 days/ }).waitFor();
    await p.locator('.recharts-bar-rectangle').first().waitFor();
  });
});

// The tray is native, so its look is checked on a stand-in: each state's icon (the real PNGs),
// tooltip and menu (the real template) drawn as HTML in Chromium, saved to test-artifacts/.
import { describe, expect, it } from 'vitest';
import {
  initialTrayState,
  trayIcon,
  trayIconPngs,
  trayMenu,
  trayTooltip,
  type TrayState,
} from '../../../main/os';
import { saveScreenshot, useBrowser } from '../../support/browser';

const browser = useBrowser({ renderer: false });

const listening: NonNullable<TrayState['live']> = {
  receiver: { state: 'listening', port: 4100, error: null },
  tunnel: { state: 'online', publicUrl: 'https://acme.loca.lt', error: null },
  webhook: { state: 'registered', id: 3, url: null, error: null },
  lastEventAt: null,
  lastSyncAt: null,
};

const states: Array<[string, TrayState]> = [
  ['Receiving', { ...initialTrayState, live: listening, undelivered: 0 }],
  [
    'New sales',
    {
      ...initialTrayState,
      live: listening,
      unseenSales: 2,
      undelivered: 3,
      today: [
        { currency: 'EUR', amount: 12900, count: 3 },
        { currency: 'USD', amount: 4500, count: 1 },
      ],
    },
  ],
  [
    'Tunnel down',
    {
      ...initialTrayState,
      live: { ...listening, tunnel: { ...listening.tunnel, state: 'reconnecting' } },
      undelivered: 1,
    },
  ],
  ['Offline', { ...initialTrayState, online: false, live: listening, undelivered: 1 }],
];

const escape = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

function panel(title: string, state: TrayState): string {
  const icon = trayIconPngs(trayIcon(state)).x2.toString('base64');
  const items = trayMenu(state)
    .map((item) => {
      if (item.kind === 'separator') return '<li role="separator"><hr></li>';
      const cls = item.kind === 'info' ? 'info' : 'action';
      return `<li class="${cls}" role="menuitem">${escape(item.label)}</li>`;
    })
    .join('');
  return `<section aria-label="${escape(title)}"><h2>${escape(title)}</h2>
    <div class="bar"><img alt="${trayIcon(state)}" src="data:image/png;base64,${icon}" width="16" height="16">
    <span class="tip">${escape(trayTooltip(state))}</span></div>
    <ul role="menu">${items}</ul></section>`;
}

describe('the tray menu stand-in', () => {
  it('draws every state with its icon, tooltip and menu', async () => {
    const page = await browser.newPage({ width: 1100, height: 420 });
    await page.setContent(`<!doctype html><html><head><style>
      body { font: 13px system-ui, sans-serif; display: flex; gap: 16px; padding: 16px; background: #e5e7eb; }
      section { width: 250px; } h2 { font-size: 13px; margin: 0 0 6px; }
      .bar { display: flex; align-items: center; gap: 6px; background: #1f2937; color: #f9fafb; padding: 4px 8px; border-radius: 4px; }
      .bar img { background: #f9fafb; border-radius: 3px; padding: 2px; }
      .tip { font-size: 11px; }
      ul { list-style: none; margin: 6px 0 0; padding: 4px 0; background: #fff; border-radius: 6px; box-shadow: 0 4px 12px #0003; }
      li { padding: 4px 12px; } li.info { color: #6b7280; } li hr { border: 0; border-top: 1px solid #e5e7eb; margin: 2px 0; }
    </style></head><body>${states.map(([t, s]) => panel(t, s)).join('')}</body></html>`);
    await expect
      .poll(() => page.getByRole('menuitem', { name: 'Quit Checkout Console' }).count())
      .toBe(states.length);
    await expect
      .poll(() =>
        page
          .locator('img')
          .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth === 32)),
      )
      .toBe(true);
    await saveScreenshot(page, 'tray-menu-states');
  });
});

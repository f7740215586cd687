// The app's renderer (Chromium's ICU) reads amounts the CLI (the system Node's ICU) stored, and
// the other way round: both must give every currency the same digits and the same figures.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney } from '../../../preload/money';
import { useBrowser } from '../../support/browser';

const MONEY = resolve(import.meta.dirname, '../../../preload/money.ts');

type Money = Pick<typeof import('../../../preload/money'), 'currencyDigits' | 'formatMoney'>;
type Reading = [digits: number, text: string];

/** An amount's figures, its sign left out: a newer ICU may know a newer currency's ("Cg."). */
const figures = ([digits, text]: Reading): Reading => [
  digits,
  text.replace(/[^\d.,]/g, '').replace(/^[.,]+|[.,]+$/g, ''),
];

describe('money in the renderer and in Node', () => {
  const browser = useBrowser({ renderer: false });

  it('gives every currency the same digits and figures in Chromium as in Node (RSD 1,500.50 in both)', async () => {
    const bundle = await build({
      entryPoints: [MONEY],
      bundle: true,
      format: 'iife',
      globalName: 'money',
      write: false,
      logLevel: 'silent',
    });
    const currencies = [...Intl.supportedValuesOf('currency'), 'SLE', 'XCG', 'ZWG'];
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
    const inChromium = await page.evaluate((codes) => {
      const m = (globalThis as unknown as { money: Money }).money;
      return codes.map((c): Reading => [m.currencyDigits(c), m.formatMoney(150_050, c)]);
    }, currencies);
    const inNode = currencies.map((c): Reading => [currencyDigits(c), formatMoney(150_050, c)]);
    const named = (readings: Reading[]) =>
      Object.fromEntries(readings.map((r, i) => [currencies[i], figures(r)]));
    expect(named(inChromium)).toEqual(named(inNode));
    expect([formatMoney(150_050, 'RSD'), formatMoney(150_050, 'JPY')].join(' | ')).toMatch(
      /^RSD\s1,500\.50 \| ¥150,050$/,
    );
  });
});

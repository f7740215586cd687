// Settings › account › "Check connection" in Chromium, against the desk double: the report
// shows each step and copies as the redacted text main produced.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import type { DoctorReport, Envelope } from '../../../preload/contract';
import type { BridgedConsole } from '../../support/http-bridge';
import { createDeskFake } from './desk-fake-console';

const pages = useRendererPages();

const report: DoctorReport = {
  account: { name: 'Acme', kind: 'test', apiUrl: 'https://acme.quadernoapp.com/api/' },
  startedAt: '2026-11-29T10:00:00.000Z',
  finishedAt: '2026-11-29T10:00:01.000Z',
  ok: false,
  checks: [
    { name: 'ping', status: 'pass', summary: 'Quaderno answered.', details: {} },
    {
      name: 'items',
      status: 'note',
      summary: '2 items. Items come without currency (2 of 2).',
      details: { count: 2 },
    },
    {
      name: 'clock',
      status: 'fail',
      summary: "This computer's clock is 3600 s ahead of Quaderno's.",
      details: {},
    },
  ],
  text: 'Checkout Console connection check — Acme (test)\nFAIL  clock: 3600 s\nemail: j***@shop.example',
};

/** The desk double, with the connection check answered by `answer`. */
function withCheck(answer: () => Promise<Envelope<unknown>>): BridgedConsole & { checks: number } {
  const desk = createDeskFake();
  const bridged = {
    checks: 0,
    onAny: desk.onAny,
    dispatch: (name: unknown, input: unknown) => {
      if (name !== 'accounts.checkConnection') return desk.dispatch(name, input);
      bridged.checks += 1;
      return answer();
    },
  };
  return bridged;
}

const openSettings = (bridged: BridgedConsole): Promise<Page> =>
  pages.open(bridged, { screen: 'Settings', clipboard: true });

describe('checking the connection from Settings', () => {
  it('lists each step with its outcome and copies the redacted report', async () => {
    const fake = withCheck(async () => ({ ok: true, value: report }));
    const p = await openSettings(fake);
    await p.getByRole('button', { name: 'Check connection' }).click();
    const shown = p.getByRole('region', { name: 'Connection check for Acme' });
    await shown.waitFor();
    await waitForText(shown, '1 check failed.');
    const steps = await shown.getByRole('listitem').allTextContents();
    expect(steps).toEqual([
      'OK ping: Quaderno answered.',
      'Note items: 2 items. Items come without currency (2 of 2).',
      "Failed clock: This computer's clock is 3600 s ahead of Quaderno's.",
    ]);
    await shown.getByRole('button', { name: 'Copy report' }).click();
    await shown.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(report.text);
    expect(fake.checks).toBe(1);
  });

  it('shows why the check could not run, next to the button', async () => {
    const fake = withCheck(async () => ({
      ok: false,
      error: { code: 'no_account', message: 'No account is set up yet.' },
    }));
    const p = await openSettings(fake);
    await p.getByRole('button', { name: 'Check connection' }).click();
    await p.getByText('No account is set up yet.').waitFor();
    expect(await p.getByRole('region', { name: /Connection check/ }).count()).toBe(0);
  });
});

// The desk preferences (open at login, sale sound, daily summary) through the console's
// settings methods, kept across a restart, with the hour checked before it is stored.
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { useSettingsConsole } from '../../support/settings-console';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-desk-preferences-');
const openConsole = useSettingsConsole(tmp);

describe('desk preferences', () => {
  it('start with no login item, no summary and the sale sound not yet chosen', async () => {
    const cc = await openConsole();
    expect(await cc.invoke('settings.get', {})).toMatchObject({
      openAtLogin: false,
      saleSound: null,
      dailySummary: false,
      summaryHour: 9,
    });
  });

  it('keep what the merchant chose across a restart', async () => {
    const first = await openConsole();
    await first.invoke('settings.update', {
      openAtLogin: true,
      saleSound: false,
      dailySummary: true,
      summaryHour: 18,
    });
    await first.close();
    const again = await openConsole();
    expect(await again.invoke('settings.get', {})).toMatchObject({
      openAtLogin: true,
      saleSound: false,
      dailySummary: true,
      summaryHour: 18,
    });
  });

  it('are announced when saved, so the shell applies them without a restart', async () => {
    const cc = await openConsole();
    const heard: boolean[] = [];
    cc.on('settings.changed', (next) => heard.push(next.openAtLogin));
    await cc.invoke('settings.update', { openAtLogin: true });
    expect(heard).toEqual([true]);
  });

  it('refuse an hour outside 0–23 and leave the stored one as it was', async () => {
    const cc = await openConsole();
    const refused = await cc.invoke('settings.update', { summaryHour: 24 }).catch((e) => e);
    expect(refused).toBeInstanceOf(ConsoleError);
    expect(refused).toMatchObject({
      code: 'invalid_input',
      fields: { summaryHour: 'Use an hour from 0 to 23.' },
    });
    expect((await cc.invoke('settings.get', {})).summaryHour).toBe(9);
  });
});

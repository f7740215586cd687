// The daily summary notification under a fake clock: once at the hour, never twice for a day
// (not even after a restart), late after a sleep that skipped the hour, and a click that opens
// the desk on that day.
import { describe, expect, it } from 'vitest';
import {
  startDailySummary,
  summaryMemoryFile,
  summaryNotificationText,
  SUMMARY_STATE_FILE,
} from '../../../main/os';
import type { DaySummary, EventName, Settings } from '../../../preload/contract';
import { fakeOsConsole } from '../../support/fake-os-console';
import { RecordedNotification } from '../../support/recorded-notification';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

function summaryOf(day: string, over: Partial<DaySummary> = {}): DaySummary {
  return {
    day,
    from: `${day}T00:00:00.000Z`,
    to: `${day}T00:00:00.000Z`,
    count: 3,
    totals: [
      { currency: 'EUR', amount: 7200, count: 2 },
      { currency: 'USD', amount: 1300, count: 1 },
    ],
    topProducts: [
      { currency: 'EUR', code: 'course', name: 'Course', amount: 4200, quantity: 2 },
      { currency: 'USD', code: 'audio', name: null, amount: 1300, quantity: 1 },
    ],
    undelivered: 2,
    ...over,
  };
}

/** Local wall-clock time (the scheduler works in the machine's time zone). */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute);

function rig(
  settings: Partial<Settings> = {},
  startAt = at(30, 8, 0),
  memoryFile = tmp.file(SUMMARY_STATE_FILE),
) {
  let clock = startAt;
  const current = { dailySummary: true, summaryHour: 9, ...settings };
  const asked: string[] = [];
  const fake = fakeOsConsole({
    'settings.get': async () => current as Settings,
    'fulfillments.summary': async ({ day }) => {
      asked.push(day ?? 'yesterday');
      return summaryOf(day ?? 'none');
    },
  });
  const shown: RecordedNotification[] = [];
  const emitted: Array<{ name: EventName; payload: unknown }> = [];
  let windows = 0;
  const start = () =>
    startDailySummary({
      console: fake.console,
      emit: (name, payload) => emitted.push({ name, payload }),
      notify: (text) => {
        const n = new RecordedNotification(text);
        shown.push(n);
        return n;
      },
      showWindow: () => {
        windows += 1;
      },
      memory: summaryMemoryFile(memoryFile),
      now: () => clock,
      every: () => () => undefined,
    });
  return {
    start,
    shown,
    asked,
    emitted,
    settings: current,
    windows: () => windows,
    /** Moves the clock to a local time and lets the scheduler look at it. */
    async tickAt(when: Date, summary: { tick(): Promise<void> }) {
      clock = when;
      await summary.tick();
    },
  };
}

describe('the daily summary', () => {
  it("shows yesterday's summary once at the chosen hour, not again that day, and again the next", async () => {
    const r = rig();
    const summary = r.start();
    await r.tickAt(at(30, 8, 59), summary);
    expect(r.shown).toHaveLength(0);
    await r.tickAt(at(30, 9, 0), summary);
    expect(r.shown.map((n) => n.text.title)).toEqual(['Yesterday: 3 sales']);
    expect(r.shown[0]?.shown).toBe(true);
    for (const later of [at(30, 9, 1), at(30, 15, 0), at(30, 23, 59), at(31, 0, 30)]) {
      await r.tickAt(later, summary);
    }
    expect(r.shown).toHaveLength(1);
    await r.tickAt(at(31, 9, 0), summary);
    expect(r.asked).toEqual(['2026-11-29', '2026-11-30']);
    expect(r.shown).toHaveLength(2);
    summary.stop();
  });

  it('still shows it once a day when its day cannot be written (a read-only data folder)', async () => {
    // Before, remembering the day threw before the notification: none was ever shown.
    const r = rig({}, at(30, 8, 0), tmp.file('no-such-folder', SUMMARY_STATE_FILE));
    const summary = r.start();
    await r.tickAt(at(30, 9, 0), summary);
    await r.tickAt(at(30, 9, 1), summary);
    expect(r.shown.map((n) => n.text.title)).toEqual(['Yesterday: 3 sales']);
    await r.tickAt(at(31, 9, 0), summary);
    expect(r.shown).toHaveLength(2);
    summary.stop();
  });

  it('shows it on waking from a sleep that skipped the hour, for yesterday only', async () => {
    const r = rig({ summaryHour: 7 }, at(30, 6, 30));
    const summary = r.start();
    // Asleep from 06:30 to 14:10: the hour passed unseen.
    await r.tickAt(at(30, 14, 10), summary);
    await r.tickAt(at(30, 14, 11), summary);
    expect(r.asked).toEqual(['2026-11-29']);
    // Asleep from the 30th at 20:00 to 10:00 two days later: the 30th is not summed up late.
    await r.tickAt(at(30, 20, 0), summary);
    await r.tickAt(at(32, 10, 0), summary);
    expect(r.asked).toEqual(['2026-11-29', '2026-12-01']);
    expect(r.shown).toHaveLength(2);
    summary.stop();
  });

  it('does not show a day already shown before a restart', async () => {
    const first = rig();
    const before = first.start();
    await first.tickAt(at(30, 9, 5), before);
    before.stop();
    expect(first.shown).toHaveLength(1);

    const again = rig({}, at(30, 10, 0));
    const after = again.start();
    await again.tickAt(at(30, 10, 1), after);
    expect(again.asked).toEqual([]);
    expect(again.shown).toHaveLength(0);
    after.stop();
  });

  it('stays quiet while switched off, and shows it the same day once switched on', async () => {
    const r = rig({ dailySummary: false });
    const summary = r.start();
    await r.tickAt(at(30, 9, 0), summary);
    expect(r.shown).toHaveLength(0);
    r.settings.dailySummary = true;
    await r.tickAt(at(30, 11, 0), summary);
    expect(r.shown).toHaveLength(1);
    summary.stop();
  });

  it('opens the desk filtered to the summarised day when clicked', async () => {
    const r = rig();
    const summary = r.start();
    await r.tickAt(at(30, 9, 0), summary);
    r.shown[0]?.emit('click');
    await expect
      .poll(() => r.emitted)
      .toEqual([{ name: 'desk.showDay', payload: { from: '2026-11-29', to: '2026-11-29' } }]);
    expect(r.windows()).toBe(1);
    summary.stop();
  });

  it('says the revenue per currency, the top products and what is left to deliver', () => {
    expect(summaryNotificationText(summaryOf('2026-11-29'))).toEqual({
      title: 'Yesterday: 3 sales',
      body: '€72.00 · $13.00. Top: Course (€42.00), audio ($13.00). 2 to deliver.',
    });
    const quiet = summaryOf('2026-11-29', {
      count: 0,
      totals: [],
      topProducts: [],
      undelivered: 0,
    });
    expect(summaryNotificationText(quiet)).toEqual({
      title: 'Yesterday: no sales',
      body: 'Nothing left to deliver.',
    });
  });

  it("sums up the day before a clock change with that day's offset, not this morning's", async () => {
    const zone = process.env.TZ;
    // Madrid moves to summer time at 02:00 on 29 March 2026: the 28th was all UTC+1.
    process.env.TZ = 'Europe/Madrid';
    try {
      const offsets: Array<number | undefined> = [];
      const zones: Array<string | undefined> = [];
      const fake = fakeOsConsole({
        'settings.get': async () => ({ dailySummary: true, summaryHour: 9 }) as Settings,
        'fulfillments.summary': async ({ day, utcOffsetMinutes, timeZone }) => {
          offsets.push(utcOffsetMinutes);
          zones.push(timeZone);
          return summaryOf(day ?? 'none');
        },
      });
      const summary = startDailySummary({
        console: fake.console,
        emit: () => undefined,
        notify: (text) => new RecordedNotification(text),
        showWindow: () => undefined,
        memory: summaryMemoryFile(tmp.file(SUMMARY_STATE_FILE)),
        now: () => new Date(2026, 2, 29, 9, 30),
        every: () => () => undefined,
      });
      await summary.tick();
      summary.stop();
      expect(offsets).toEqual([60]);
      // And the zone, so a day with the change itself runs between its own midnights.
      expect(zones).toEqual(['Europe/Madrid']);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

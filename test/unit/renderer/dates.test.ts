// renderer/src/dates.ts: one way to write a moment (issue 17, "one time format").
import { describe, expect, it } from 'vitest';
import { dateTime, dayLabel, relativeTime, shortTime } from '../../../renderer/src/dates';

describe('dates', () => {
  it('says "just now", then minutes, never "0 s ago"', () => {
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(relativeTime(null, now)).toBe('never');
    expect(relativeTime('2026-11-28T10:00:00Z', now)).toBe('just now');
    expect(relativeTime('2026-11-28T09:59:48Z', now)).toBe('just now');
    expect(relativeTime('2026-11-28T09:55:00Z', now)).toBe('5 min ago');
  });

  it('writes a chart day as the runtime’s locale does, not as day/month', () => {
    const expected = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(
      new Date(2026, 10, 29),
    );
    expect(dayLabel('2026-11-29')).toBe(expected);
    expect(dayLabel('2026-11-29')).not.toBe('29/11');
  });

  it('writes a date and time as the runtime’s locale does', () => {
    const at = '2026-11-29T14:05:00Z';
    const expected = new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(at));
    expect(dateTime(at)).toBe(expected);
    expect(dateTime('not a date')).toBe('not a date');
  });

  it('writes a time of day one way: a sale row’s time is the time a full date shows', () => {
    const at = new Date(2026, 10, 29, 4, 5);
    const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(at);
    expect(shortTime(at.toISOString(), at)).toBe(time);
    expect(dateTime(at.toISOString())).toContain(time);
  });
});

// Local midnights in a zone, on ordinary days and on both kinds of clock change.
import { describe, expect, it } from 'vitest';
import { zoneDay, zoneMidnight } from '../../../main/sales/time-zone';

describe('the instant a local day starts', () => {
  it('is its midnight, whichever side of a change the day before was', () => {
    expect(zoneMidnight('2026-03-29', 'Europe/Madrid').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(zoneMidnight('2026-10-25', 'Europe/Madrid').toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    );
    expect(zoneMidnight('2026-01-01', 'Asia/Kathmandu').toISOString()).toBe(
      '2025-12-31T18:15:00.000Z',
    );
  });

  it('is 01:00 where the clocks skip midnight itself, never the evening before', () => {
    // Chile moves from -04:00 to -03:00 at 00:00 on 6 September 2026: the day starts at 01:00.
    const start = zoneMidnight('2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(zoneDay(start, 'America/Santiago')).toBe('2026-09-06');
  });
});

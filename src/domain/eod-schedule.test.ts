import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './business-date.js';
import { calendarDateIn, eodThroughDate, isTimeZone } from './eod-schedule.js';

const at = (iso: string) => new Date(iso);

describe('the date a scheduled close of business closes through', () => {
  it('is the day before today in Shanghai (UTC+8), across the midnight boundary', () => {
    // 23:59:59 on the 22nd in Shanghai: today is still the 22nd, so close through the 21st
    expect(eodThroughDate(at('2026-11-22T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-21');
    // 00:00:00 on the 23rd in Shanghai (16:00 UTC on the 22nd): close through the 22nd
    expect(eodThroughDate(at('2026-11-22T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    // the usual 01:30 run
    expect(eodThroughDate(at('2026-11-22T17:30:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    // the same instants in UTC are a day behind
    expect(eodThroughDate(at('2026-11-22T16:00:00.000Z'), 'UTC')).toBe('2026-11-21');
  });

  it('defaults to Shanghai, and crosses months, years and leap days', () => {
    expect(eodThroughDate(at('2026-12-31T16:00:00Z'))).toBe('2026-12-31');
    expect(eodThroughDate(at('2026-12-31T15:59:59Z'))).toBe('2026-12-30');
    expect(eodThroughDate(at('2028-02-29T16:30:00Z'))).toBe('2028-02-29');
    expect(eodThroughDate(at('2028-03-01T00:00:00Z'))).toBe('2028-02-29');
  });

  it('follows daylight saving where there is some', () => {
    // New York: EDT (UTC−4) in July, EST (UTC−5) in January
    expect(calendarDateIn(at('2026-07-02T03:59:00Z'), 'America/New_York')).toBe('2026-07-01');
    expect(calendarDateIn(at('2026-07-02T04:00:00Z'), 'America/New_York')).toBe('2026-07-02');
    expect(calendarDateIn(at('2026-01-02T04:59:00Z'), 'America/New_York')).toBe('2026-01-01');
    expect(calendarDateIn(at('2026-01-02T05:00:00Z'), 'America/New_York')).toBe('2026-01-02');
  });

  it('follows the summer time China kept from 1986 to 1991', () => {
    // 1989-06-11 15:00 UTC was midnight starting the 12th in Beijing (UTC+9 that summer)
    expect(calendarDateIn(new Date(613580400000), 'Asia/Shanghai')).toBe('1989-06-12');
  });

  it('is always the day before the UTC+8 calendar date, whatever the instant since 1992', () => {
    // from 1992 on China has had no summer time, so Shanghai is a fixed UTC+8
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const shifted = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
        expect(eodThroughDate(new Date(ms), 'Asia/Shanghai')).toBe(addDays(shifted as never, -1));
      }),
    );
  });

  it('knows a time zone from a typing error', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Beijing')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

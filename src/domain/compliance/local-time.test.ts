import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessDate, fromDayNumber, toDayNumber } from '../business-date.js';
import { DAY_MS, HOUR_MS, instantFromIso, instantFromMs, InvalidInstant, MINUTE_MS } from './instant.js';
import { clockMs, contactDay, contactDayStart, formatLocal, InvalidTimeZone, localDate, localTimeOfDayMs, wallClockMs, zonedInstant } from './local-time.js';

const iso = instantFromIso;
const day = (s: string) => s as BusinessDate;
const NY = 'America/New_York';

describe('instants', () => {
  it('parse ISO-8601 only with an explicit offset, so the server zone never matters', () => {
    expect(iso('2026-03-02T22:30:00+08:00')).toBe(Date.UTC(2026, 2, 2, 14, 30));
    expect(iso('2026-03-02T14:30Z')).toBe(Date.UTC(2026, 2, 2, 14, 30));
    expect(() => iso('2026-03-02T22:30:00')).toThrow(InvalidInstant);
    expect(() => iso('2026-03-02')).toThrow(InvalidInstant);
    expect(() => instantFromMs(1.5)).toThrow(InvalidInstant);
  });
});

describe('local time through Intl', () => {
  it('reads the local date and clock in the given zone', () => {
    const t = iso('2026-03-02T15:30:00Z');
    expect(localDate(t, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(formatLocal(t, 'Asia/Shanghai')).toBe('2026-03-02 23:30');
    expect(localTimeOfDayMs(t, 'Asia/Shanghai')).toBe(23 * HOUR_MS + 30 * MINUTE_MS);
    // Urumqi keeps its own clock (UTC+6) only when asked for it
    expect(formatLocal(t, 'Asia/Urumqi')).toBe('2026-03-02 21:30');
    expect(formatLocal(t, NY)).toBe('2026-03-02 10:30');
  });

  it('rejects a zone that is not in the IANA database', () => {
    expect(() => localDate(iso('2026-03-02T00:00Z'), 'Mars/Olympus')).toThrow(InvalidTimeZone);
  });

  it('finds the instant of a local time, across the New York DST changes of 2024', () => {
    expect(zonedInstant(day('2024-03-09'), clockMs('08:00'), NY)).toBe(iso('2024-03-09T13:00Z'));
    expect(zonedInstant(day('2024-03-10'), clockMs('08:00'), NY)).toBe(iso('2024-03-10T12:00Z'));
    // 02:30 does not exist on 10 March: the clock jumps from 02:00 EST to 03:00 EDT at 07:00Z
    expect(zonedInstant(day('2024-03-10'), clockMs('02:30'), NY)).toBe(iso('2024-03-10T07:00Z'));
    // 01:30 happens twice on 3 November (EDT, then EST): the first one
    expect(zonedInstant(day('2024-11-03'), clockMs('01:30'), NY)).toBe(iso('2024-11-03T05:30Z'));
    expect(formatLocal(iso('2024-11-03T06:30Z'), NY)).toBe('2024-11-03 01:30');
    expect(zonedInstant(day('2024-11-03'), clockMs('08:00'), NY)).toBe(iso('2024-11-03T13:00Z'));
  });

  it('counts a contact day from the pack day start', () => {
    const start = clockMs('08:00');
    expect(contactDay(iso('2026-03-03T07:59:59+08:00'), 'Asia/Shanghai', start)).toBe('2026-03-02');
    expect(contactDay(iso('2026-03-03T08:00:00+08:00'), 'Asia/Shanghai', start)).toBe('2026-03-03');
    expect(contactDayStart(day('2026-03-03'), 'Asia/Shanghai', start)).toBe(iso('2026-03-03T00:00Z'));
  });

  it('a wanted time in a gap that starts at it is reached at the end of the gap (Santiago, 2021-09-05 00:00)', () => {
    const t = zonedInstant(day('2021-09-05'), 0, 'America/Santiago');
    expect(new Date(t).toISOString()).toBe('2021-09-05T04:00:00.000Z');
    expect(wallClockMs(t, 'America/Santiago')).toBe(toDayNumber(day('2021-09-05')) * DAY_MS + HOUR_MS);
  });

  it('zonedInstant is the earliest instant whose local clock reaches the wanted time, in any zone', () => {
    const zones = ['Asia/Shanghai', 'Asia/Urumqi', NY, 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: toDayNumber(day('2000-01-01')), max: toDayNumber(day('2037-12-31')) }),
        fc.integer({ min: 0, max: DAY_MS - 1 }),
        (zone, dayNumber, timeOfDayMs) => {
          const wall = dayNumber * DAY_MS + timeOfDayMs;
          const t = zonedInstant(fromDayNumber(dayNumber), timeOfDayMs, zone);
          expect(wallClockMs(t, zone)).toBeGreaterThanOrEqual(wall);
          expect(wallClockMs((t - 1) as typeof t, zone)).toBeLessThan(wall);
          // where the zone's offset is the same an hour before as at t, the local clock reads exactly
          // the wanted time; a gap can start at the wanted time itself (Santiago sprang from 00:00 to
          // 01:00 on 2021-09-05), which the clock an hour before does not show
          const offset = (at: number) => wallClockMs(at as typeof t, zone) - at;
          if (offset(t - HOUR_MS) === offset(t)) expect(wallClockMs(t, zone)).toBe(wall);
        },
      ),
      { numRuns: 500 },
    );
  });
});

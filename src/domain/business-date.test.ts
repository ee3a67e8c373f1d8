import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type BusinessDate, daysBetween, daysInMonth, fromDayNumber, isBusinessDate, parseBusinessDate, toDayNumber } from './business-date.js';

const d = (s: string) => parseBusinessDate(s);
const arbDate = fc.integer({ min: toDayNumber(d('1900-01-01')), max: toDayNumber(d('2199-12-31')) }).map(fromDayNumber);

describe('business dates', () => {
  it('accepts real calendar days and refuses the rest', () => {
    expect(isBusinessDate('2024-02-29')).toBe(true);
    expect(isBusinessDate('2023-02-29')).toBe(false);
    expect(isBusinessDate('2100-02-29')).toBe(false);
    expect(isBusinessDate('2000-02-29')).toBe(true);
    expect(isBusinessDate('2026-13-01')).toBe(false);
    expect(isBusinessDate('2026-04-31')).toBe(false);
    expect(isBusinessDate('2026-1-01')).toBe(false);
    expect(isBusinessDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(() => parseBusinessDate('20260101')).toThrow(/YYYY-MM-DD/);
  });

  it('counts days across month ends, leap days and years', () => {
    expect(toDayNumber(d('1970-01-01'))).toBe(0);
    expect(toDayNumber(d('2026-11-22'))).toBe(20_779);
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
    expect(daysBetween(d('2026-01-31'), d('2026-03-01'))).toBe(29);
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it('agrees with the proleptic Gregorian calendar of the JS engine (UTC) for every day of 1900–2199', () => {
    fc.assert(
      fc.property(arbDate, (date) => {
        const utc = new Date(`${date}T00:00:00Z`).getTime() / 86_400_000;
        expect(toDayNumber(date)).toBe(utc);
      }),
    );
  });

  it('round-trips and keeps addDays and daysBetween inverse', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        expect(fromDayNumber(toDayNumber(date))).toBe(date);
        const later = addDays(date, n);
        expect(daysBetween(date, later)).toBe(n);
        expect(isBusinessDate(later)).toBe(true);
      }),
    );
  });

  it('orders dates the same way as their strings', () => {
    fc.assert(
      fc.property(arbDate, arbDate, (a: BusinessDate, b: BusinessDate) => {
        expect(Math.sign(daysBetween(a, b))).toBe(a < b ? 1 : a > b ? -1 : 0);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from './business-date.js';
import { monthlyDueDate } from './due-dates.js';
import { buildSchedule, InvalidTerms, METHODS, type ScheduleTerms } from './schedule.js';

const first = parseBusinessDate('2026-01-31');
const base = { principalFen: 10_000_000, annualRate: '0.06', termMonths: 36, firstDueDate: first } as const;

describe('schedule vectors (P = 100,000.00, 6 %, 36 months, first due 2026-01-31)', () => {
  it('annuity 等额本息', () => {
    const s = buildSchedule({ ...base, method: 'annuity' });
    expect(s.installments[0]).toEqual({ seq: 1, dueDate: '2026-01-31', principalFen: 254219, interestFen: 50000, paymentFen: 304219, balanceAfterFen: 9745781 });
    expect(s.installments[35]?.paymentFen).toBe(304236);
    expect(s.totalInterestFen).toBe(951901);
  });

  it('equal-principal 等额本金', () => {
    const s = buildSchedule({ ...base, method: 'equal-principal' });
    expect(s.installments[0]?.paymentFen).toBe(327778);
    expect(s.installments[35]).toMatchObject({ principalFen: 277770, paymentFen: 279159, balanceAfterFen: 0 });
    expect(s.totalInterestFen).toBe(925000);
  });

  it('interest-only 先息后本', () => {
    const s = buildSchedule({ ...base, method: 'interest-only' });
    expect(s.installments.slice(0, 35).every((i) => i.paymentFen === 50000 && i.principalFen === 0)).toBe(true);
    expect(s.installments[35]?.paymentFen).toBe(10_050_000);
    expect(s.totalInterestFen).toBe(1_800_000);
  });

  it('balloon 弹性尾款 with 30,000.00 left to the end', () => {
    const s = buildSchedule({ ...base, method: 'balloon', balloonFen: 3_000_000 });
    expect(s.installments[0]?.paymentFen).toBe(227954);
    expect(s.installments[35]?.paymentFen).toBe(3_227_933);
    expect(s.totalInterestFen).toBe(1_206_323);
  });

  it('falls due on the same day each month, clamped to the month end', () => {
    const s = buildSchedule({ ...base, method: 'annuity' });
    expect(s.installments.slice(0, 4).map((i) => i.dueDate)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(monthlyDueDate(parseBusinessDate('2027-01-29'), 1)).toBe('2027-02-28');
    expect(monthlyDueDate(parseBusinessDate('2027-12-31'), 2)).toBe('2028-02-29');
  });

  it('handles a zero rate', () => {
    const s = buildSchedule({ ...base, annualRate: '0', method: 'annuity' });
    expect(s.installments[0]?.paymentFen).toBe(277778);
    expect(s.installments[35]?.paymentFen).toBe(277770);
    expect(s.totalInterestFen).toBe(0);
    expect(buildSchedule({ ...base, annualRate: '0', method: 'balloon', balloonFen: 1_000_000 }).installments[0]?.paymentFen).toBe(250000);
  });

  it('refuses terms that make no loan', () => {
    const bad = (t: Partial<ScheduleTerms>) => () => buildSchedule({ ...base, method: 'annuity', ...t });
    expect(bad({ principalFen: 0 })).toThrow(InvalidTerms);
    expect(bad({ termMonths: 0 })).toThrow(/term/);
    expect(bad({ annualRate: '-0.01' })).toThrow(/rate/);
    expect(bad({ method: 'balloon' })).toThrow(/balloon amount/);
    expect(bad({ method: 'balloon', balloonFen: 10_000_000 })).toThrow(/below the principal/);
    expect(bad({ balloonFen: 5 })).toThrow(/only applies to the balloon method/);
    expect(bad({ method: 'interest-only', annualRate: '0' })).toThrow(/nothing to pay/);
  });
});

describe('schedule properties', () => {
  const terms = fc
    .record({
      principalFen: fc.integer({ min: 100_000, max: 1_000_000_000 }),
      rateBp: fc.integer({ min: 0, max: 3600 }),
      termMonths: fc.integer({ min: 1, max: 120 }),
      method: fc.constantFrom(...METHODS),
      balloonShare: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      firstDueDate: fc.integer({ min: 0, max: 3000 }).map((d) => addDays(parseBusinessDate('2020-01-01'), d)),
    })
    .filter((t) => !(t.method === 'interest-only' && t.rateBp === 0))
    .map(
      (t): ScheduleTerms => ({
        principalFen: t.principalFen,
        annualRate: (t.rateBp / 10_000).toString(),
        termMonths: t.termMonths,
        method: t.method,
        firstDueDate: t.firstDueDate,
        balloonFen: t.method === 'balloon' ? Math.max(1, Math.floor(t.principalFen * t.balloonShare)) : undefined,
      }),
    );

  it('principal parts sum to P; balances never negative and never rising; every payment positive', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const s = buildSchedule(t);
        expect(s.installments).toHaveLength(t.termMonths);
        expect(s.installments.reduce((sum, i) => sum + i.principalFen, 0)).toBe(t.principalFen);
        let previous = t.principalFen;
        for (const i of s.installments) {
          expect(i.balanceAfterFen).toBeGreaterThanOrEqual(0);
          expect(i.balanceAfterFen).toBeLessThanOrEqual(previous);
          expect(i.paymentFen).toBeGreaterThan(0);
          expect(i.paymentFen).toBe(i.principalFen + i.interestFen);
          previous = i.balanceAfterFen;
        }
        expect(previous).toBe(0);
        expect(s.totalInterestFen).toBe(s.installments.reduce((sum, i) => sum + i.interestFen, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('due dates strictly increase, one a month', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const dates = buildSchedule(t).installments.map((i) => i.dueDate);
        for (let k = 1; k < dates.length; k++) expect(dates[k]! > dates[k - 1]!).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { penaltyExactFen, penaltyFen, type PenaltyRule } from './penalty.js';

const rule: PenaltyRule = { annualRate: '0.06', markup: '0.5', dayCount: 'ACT/360', compoundOnInterest: false };

describe('罚息 penalty interest', () => {
  it('matches the vector: 3,042.19 overdue 30 days at 6 % × 1.5 = 9 %, ACT/360 → 22.8164 → 22.82', () => {
    expect(penaltyExactFen(304219, 30, rule).div(100).toFixed(4)).toBe('22.8164');
    expect(penaltyFen(304219, 0, 30, rule)).toBe(2282);
  });

  it('uses 365 days when the product says ACT/365, and compounds on overdue interest when it says so', () => {
    expect(penaltyExactFen(304219, 30, { ...rule, dayCount: 'ACT/365' }).div(100).toFixed(4)).toBe('22.5039');
    expect(penaltyFen(254219, 50000, 30, rule)).toBe(1907);
    expect(penaltyFen(254219, 50000, 30, { ...rule, compoundOnInterest: true })).toBe(2282);
  });

  it('is zero for no days or nothing overdue, and grows with days', () => {
    expect(penaltyFen(304219, 0, 0, rule)).toBe(0);
    expect(penaltyFen(0, 0, 30, rule)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 1, max: 400 }), (base, days) => {
        expect(penaltyFen(base, 0, days + 1, rule)).toBeGreaterThanOrEqual(penaltyFen(base, 0, days, rule));
      }),
    );
  });
});

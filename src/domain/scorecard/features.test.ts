import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_FEATURES, type BehaviourHistory, behaviourFeatures, behaviourRow, InvalidHistory } from './features.js';

// Fourteen months on book: a bad patch in months 4–6, a late month 11, current since.
const history: BehaviourHistory = {
  monthlyDpd: [0, 0, 0, 15, 45, 20, 0, 0, 0, 0, 8, 0, 0, 0],
  dueFen: Array(14).fill(300_000),
  paidFen: [300_000, 300_000, 300_000, 0, 0, 600_000, 300_000, 300_000, 300_000, 300_000, 0, 600_000, 300_000, 300_000],
  ltv: 0.82,
  alerts12m: 2,
  followupDiscrepancies12m: 1,
};

describe('behaviour features', () => {
  it('reads a loan’s history month by month', () => {
    // Last 3 months: 0, 0, 0. Last 6: 0, 0, 8, 0, 0, 0 → 8. Last 12 (months 3–14): 45.
    // Overdue month ends in the last 12: 15, 45, 20, 8 → 4. Paid in the last 6 months: 0 + 600,000 +
    // 4 × 300,000 = 1,800,000 of 1,800,000 due → 1.
    expect(behaviourFeatures(history)).toEqual({
      maxDpd3m: 0,
      maxDpd6m: 8,
      maxDpd12m: 45,
      overdueMonths12m: 4,
      monthsOnBook: 14,
      paymentRatio6m: 1,
      ltv: 0.82,
      alerts12m: 2,
      followupDiscrepancies12m: 1,
    });
  });

  it('uses the months there are for a young loan, and has no payment ratio when nothing fell due', () => {
    const young = behaviourFeatures({ ...history, monthlyDpd: [0, 31], dueFen: [0, 0], paidFen: [0, 0], ltv: null });
    expect([young.maxDpd3m, young.maxDpd12m, young.overdueMonths12m, young.monthsOnBook, young.paymentRatio6m]).toEqual([31, 31, 1, 2, null]);
    const row = behaviourRow(young);
    expect(row).toHaveLength(BEHAVIOUR_FEATURES.length);
    expect(row[BEHAVIOUR_FEATURES.indexOf('paymentRatio6m')]).toBeNaN();
    expect(row[BEHAVIOUR_FEATURES.indexOf('ltv')]).toBeNaN();
    expect(row[BEHAVIOUR_FEATURES.indexOf('maxDpd3m')]).toBe(31);
  });

  it('names the field of an impossible history', () => {
    const field = (h: Partial<BehaviourHistory>) => {
      try {
        behaviourFeatures({ ...history, ...h });
      } catch (e) {
        if (e instanceof InvalidHistory) return e.field;
        throw e;
      }
      return null;
    };
    expect(field({ monthlyDpd: [] })).toBe('monthlyDpd');
    expect(field({ monthlyDpd: [...history.monthlyDpd.slice(1), -1] })).toBe('monthlyDpd');
    expect(field({ paidFen: [1] })).toBe('paidFen');
    expect(field({ dueFen: Array(14).fill(0.5) })).toBe('dueFen');
    expect(field({ ltv: -0.1 })).toBe('ltv');
    expect(field({ alerts12m: 1.5 })).toBe('alerts12m');
    expect(field({})).toBeNull();
  });
});

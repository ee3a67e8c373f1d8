import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../business-date.js';
import { fitSegment, type Listing, modelValueFen, retainedShare, segmentOf } from './depreciation.js';
import { currentValuation, ltvBp, ltvCrossing } from './ltv.js';

const d = parseBusinessDate;

describe('depreciation fit', () => {
  it('recovers the decay rates exactly when the data follow the model, whatever each model costs new', () => {
    const rows: Listing[] = [];
    const models = [['ford', 'Fiesta', 9.3], ['vw', 'Polo', 9.6], ['toyota', 'Yaris', 9.5]] as const;
    for (const [make, model, level] of models) {
      for (let age = 0; age <= 8; age++) {
        for (const km of [5_000, 40_000, 90_000]) {
          // cheaper models are older in this sample, which a pooled fit would mistake for decay
          const a = age + (level < 9.4 ? 2 : 0);
          rows.push({ make, model, segment: 'economy', ageYears: a, km, price: Math.exp(level - 0.12 * a - 0.03 * (km / 1e4)) });
        }
      }
    }
    const fit = fitSegment('economy', rows);
    expect(fit.perYear).toBeCloseTo(-0.12, 10);
    expect(fit.per10kKm).toBeCloseTo(-0.03, 10);
    expect(fit.r2Within).toBeCloseTo(1, 10);
    expect(fit.rmseLog).toBeLessThan(1e-9);
    expect(fit.models).toBe(3);
  });

  it('refuses a segment with too little data', () => {
    expect(() => fitSegment('mpv', [{ make: 'a', model: 'b', segment: 'mpv', ageYears: 1, km: 1, price: 1 }])).toThrow('too few');
  });

  it('puts models in segments, new-energy first', () => {
    expect([segmentOf(' Fiesta', 'Petrol'), segmentOf(' Kuga', 'Diesel'), segmentOf(' S-MAX', 'Diesel'), segmentOf(' E Class', 'Diesel'), segmentOf(' Golf', 'Petrol'), segmentOf(' Kuga', 'Hybrid')]).toEqual([
      'economy',
      'suv',
      'mpv',
      'luxury',
      'mid',
      'new_energy',
    ]);
  });

  it('a car keeps its whole price when new and never more; value falls with age and km', () => {
    const fit = { perYear: -0.1, per10kKm: -0.02 };
    expect(modelValueFen(fit, 20_000_000, 0, 0)).toBe(20_000_000);
    expect(modelValueFen(fit, 20_000_000, 3, 60_000)).toBe(Math.round(20_000_000 * Math.exp(-0.3 - 0.12)));
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 500_000 }), (a1, a2, k1, k2) => {
        const r = (a: number, k: number) => retainedShare(fit, a, k);
        expect(r(a1, k1)).toBeLessThanOrEqual(1);
        expect(r(Math.max(a1, a2), Math.max(k1, k2))).toBeLessThanOrEqual(r(Math.min(a1, a2), Math.min(k1, k2)));
      }),
    );
  });
});

describe('current value and LTV', () => {
  const appraisals = [
    { valueFen: 9_000_000, on: d('2026-05-01'), source: '第三方评估 中检' },
    { valueFen: 8_000_000, on: d('2026-09-01'), source: '分行外访' },
  ];
  it('the latest appraisal wins until it ages out, then the model with its index', () => {
    const opts = { appraisalValidDays: 90, index: { '2026-01': 100, '2026-10': 95, '2026-12': 90 }, indexBaseDate: d('2026-01-15') };
    expect(currentValuation(10_000_000, appraisals, d('2026-11-30'), opts)).toEqual({ valueFen: 8_000_000, basis: 'appraisal', detail: { on: '2026-09-01', source: '分行外访' } });
    expect(currentValuation(10_000_000, appraisals, d('2026-12-01'), opts)).toEqual({ valueFen: 9_000_000, basis: 'model', detail: { indexBase: 100, indexNow: 90 } });
    expect(currentValuation(10_000_000, appraisals, d('2026-11-30'), { appraisalValidDays: 10 }).valueFen).toBe(10_000_000);
    // an appraisal dated after the day asked about does not count
    expect(currentValuation(10_000_000, appraisals, d('2026-06-01'), { appraisalValidDays: 90 }).valueFen).toBe(9_000_000);
  });

  it('LTV in basis points, rounded half up', () => {
    expect(ltvBp(12_000_000, 10_000_000)).toBe(12_000);
    expect(ltvBp(1, 3)).toBe(3_333);
    expect(ltvBp(2, 3)).toBe(6_667);
    expect(ltvBp(1, 20_000)).toBe(1);
    expect(ltvBp(0, 0)).toBe(0);
    expect(ltvBp(5, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('alerts when LTV crosses the product threshold upward, once', () => {
    expect(ltvCrossing('used_car', 8_999, 9_000)).toEqual({ thresholdBp: 9_000 });
    expect(ltvCrossing('used_car', 9_000, 9_500)).toBeNull();
    expect(ltvCrossing('used_car', null, 9_100)).toEqual({ thresholdBp: 9_000 });
    expect(ltvCrossing('new_car', 9_000, 9_999)).toBeNull();
    expect(() => ltvCrossing('boat', 1, 2)).toThrow('no LTV threshold');
  });
});

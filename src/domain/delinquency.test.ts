import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from './business-date.js';
import { bucketOf, checkBands, classFloorByDpd, classify, type ClassificationInput, DEFAULT_BANDS, daysPastDue, ifrs9Stage, RISK_CLASSES } from './delinquency.js';

const d = parseBusinessDate;
const base: ClassificationInput = { previous: 'normal', dpd: 0, eventFloors: [], override: null, arrearsCleared: true, onTimePeriodsSinceCleared: 0, monthsSinceCleared: 0 };

describe('days past due and buckets', () => {
  it('counts from the oldest unpaid due date; the due date itself is 0', () => {
    expect(daysPastDue(d('2026-01-31'), d('2026-01-31'))).toBe(0);
    expect(daysPastDue(d('2026-02-01'), d('2026-01-31'))).toBe(1);
    expect(daysPastDue(d('2026-03-02'), d('2026-01-31'))).toBe(30);
    expect(daysPastDue(d('2026-01-30'), d('2026-01-31'))).toBe(0);
    expect(daysPastDue(d('2026-01-30'), null)).toBe(0);
  });

  it('bands DPD at every boundary', () => {
    const cases: Array<[number, string]> = [[0, 'M0'], [1, 'M1'], [30, 'M1'], [31, 'M2'], [60, 'M2'], [61, 'M3'], [90, 'M3'], [91, 'M4'], [120, 'M4'], [121, 'M5'], [151, 'M6'], [180, 'M6'], [181, 'M7+'], [5000, 'M7+']];
    for (const [dpd, bucket] of cases) expect(bucketOf(dpd)).toBe(bucket);
    expect(checkBands(DEFAULT_BANDS)).toBeNull();
    expect(checkBands([{ code: 'A', minDpd: 0, maxDpd: 10 }, { code: 'B', minDpd: 12, maxDpd: null }])).toMatch(/day after/);
  });
});

describe('五级分类', () => {
  it('floors by DPD with "超过 N 天" meaning more than N', () => {
    const cases: Array<[number, string]> = [[0, 'normal'], [1, 'special_mention'], [30, 'special_mention'], [31, 'special_mention'], [90, 'special_mention'], [91, 'substandard'], [270, 'substandard'], [271, 'doubtful'], [360, 'doubtful'], [361, 'loss']];
    for (const [dpd, cls] of cases) expect(classFloorByDpd(dpd)).toBe(cls);
    expect(classFloorByDpd(5, { operationalGraceDays: 7, upgradePeriods: 2, upgradeMonths: 6 })).toBe('normal');
    expect(classFloorByDpd(8, { operationalGraceDays: 7, upgradePeriods: 2, upgradeMonths: 6 })).toBe('special_mention');
  });

  it('downgrades at once and takes the worst of DPD, events and a manual override', () => {
    expect(classify({ ...base, dpd: 95 }).riskClass).toBe('substandard');
    const withEvent = classify({ ...base, dpd: 10, eventFloors: [{ floor: 'substandard', reason: '重组 restructured after missed payments' }] });
    expect(withEvent.riskClass).toBe('substandard');
    expect(withEvent.why.join(' | ')).toContain('restructured');
    expect(classify({ ...base, dpd: 10, override: { riskClass: 'doubtful', reason: '逃废债 evasion' } }).riskClass).toBe('doubtful');
    expect(classify({ ...base, previous: 'substandard', dpd: 0, override: { riskClass: 'normal', reason: 'try to upgrade' }, arrearsCleared: false }).riskClass).toBe('substandard');
  });

  it('upgrades an NPL only after two on-time periods and six months', () => {
    const npl = { ...base, previous: 'substandard' as const, dpd: 0 };
    expect(classify({ ...npl, arrearsCleared: false }).riskClass).toBe('substandard');
    expect(classify({ ...npl, onTimePeriodsSinceCleared: 2, monthsSinceCleared: 2 }).riskClass).toBe('substandard');
    expect(classify({ ...npl, onTimePeriodsSinceCleared: 6, monthsSinceCleared: 6 }).riskClass).toBe('normal');
    expect(classify({ ...base, previous: 'special_mention', dpd: 0 }).riskClass).toBe('normal');
  });

  it('never returns a class better than the DPD floor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.constantFrom(...RISK_CLASSES), fc.boolean(), fc.nat(24), (dpd, previous, cleared, n) => {
        const c = classify({ ...base, previous, dpd, arrearsCleared: cleared, onTimePeriodsSinceCleared: n, monthsSinceCleared: n });
        expect(RISK_CLASSES.indexOf(c.riskClass)).toBeGreaterThanOrEqual(RISK_CLASSES.indexOf(classFloorByDpd(dpd)));
      }),
    );
  });
});

describe('IFRS 9 stage', () => {
  it('moves to stage 2 over 30 DPD or on a significant increase, stage 3 over 90', () => {
    expect([0, 30, 31, 90, 91].map((dpd) => ifrs9Stage(dpd, false))).toEqual([1, 1, 2, 2, 3]);
    expect(ifrs9Stage(0, true)).toBe(2);
    expect(ifrs9Stage(0, false, true)).toBe(3);
  });
});

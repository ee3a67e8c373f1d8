import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc, gini, ks, psi, psiVerdict } from './metrics.js';

describe('AUC and KS on hand-worked cases', () => {
  it('four scores: 3 of the 4 bad–good pairs are ordered right', () => {
    // bads score 0.35 and 0.8, goods 0.1 and 0.4. Pairs: 0.35>0.1 yes, 0.35>0.4 no, 0.8>0.1 yes,
    // 0.8>0.4 yes: AUC 3/4. KS, cutting from the top: ≥0.8 bads 1/2 goods 0 → 0.5; ≥0.4 1/2 − 1/2 = 0;
    // ≥0.35 1 − 1/2 = 0.5; ≥0.1 0. KS 0.5.
    const s = [0.1, 0.4, 0.35, 0.8];
    const y = [0, 0, 1, 1];
    expect(auc(s, y)).toBe(0.75);
    expect(ks(s, y)).toBe(0.5);
    expect(gini(auc(s, y))).toBe(0.5);
  });

  it('a tie between a bad and a good counts one half', () => {
    // bads score 2 and 4, goods 1, 2, 3. Bad 2: beats 1, ties 2 (½), loses to 3 → 1.5; bad 4 beats all
    // three → 3. AUC 4.5 / 6 = 0.75. KS: ≥4 ½ − 0 = 0.5; ≥3 ½ − ⅓; ≥2 1 − ⅔; ≥1 0. KS 0.5.
    const s = [1, 2, 2, 3, 4];
    const y = [0, 1, 0, 0, 1];
    expect(auc(s, y)).toBe(0.75);
    expect(ks(s, y)).toBe(0.5);
  });

  it('KS never cuts through a group of tied scores', () => {
    // Three rows at 5 (two bads, one good), three at 1 (one bad, two goods). The only cut is between
    // the groups: bads 2/3 − goods 1/3 = 1/3. Splitting the tie could have claimed 2/3.
    expect(ks([5, 5, 5, 1, 1, 1], [1, 1, 0, 0, 0, 1])).toBeCloseTo(1 / 3, 12);
    expect(ks([5, 5, 5, 1, 1, 1], [0, 1, 1, 0, 1, 0])).toBeCloseTo(1 / 3, 12);
  });

  it('has no answer without both bads and goods', () => {
    expect(auc([1, 2], [1, 1])).toBeNaN();
    expect(ks([1, 2], [0, 0])).toBeNaN();
  });
});

const sample = fc
  .array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some(([, y]) => y === 1) && rows.some(([, y]) => y === 0));

describe('AUC and KS properties', () => {
  it('a perfect ranking scores 1, its reverse 0, all ties ½', () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const y = rows.map(([, b]) => b);
        expect(auc(y, y)).toBe(1);
        expect(auc(y.map((b) => -b), y)).toBe(0);
        expect(auc(y.map(() => 7), y)).toBe(0.5);
        expect(ks(y, y)).toBe(1);
      }),
    );
  });

  it('is unchanged by any strictly increasing transform of the score, and flips with its sign', () => {
    fc.assert(
      fc.property(sample, (rows) => {
        const s = rows.map(([x]) => x);
        const y = rows.map(([, b]) => b);
        const a = auc(s, y);
        expect(auc(s.map((x) => x ** 3 + 2 * x), y)).toBeCloseTo(a, 12);
        expect(auc(s.map((x) => Math.exp(x / 10)), y)).toBeCloseTo(a, 12);
        expect(auc(s.map((x) => -x), y)).toBeCloseTo(1 - a, 12);
        expect(ks(s.map((x) => 3 * x + 100), y)).toBeCloseTo(ks(s, y), 12);
        expect(ks(s, y)).toBeGreaterThanOrEqual(0);
        expect(ks(s, y)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('agrees with counting every bad–good pair', () => {
    fc.assert(
      fc.property(sample, (rows) => {
        let wins = 0;
        let pairs = 0;
        for (const [sb, yb] of rows) {
          for (const [sg, yg] of rows) {
            if (yb !== 1 || yg !== 0) continue;
            pairs++;
            wins += sb > sg ? 1 : sb === sg ? 0.5 : 0;
          }
        }
        expect(auc(rows.map(([x]) => x), rows.map(([, b]) => b))).toBeCloseTo(wins / pairs, 12);
      }),
    );
  });
});

describe('PSI', () => {
  it('two bins worked by hand', () => {
    // Expected 1..10 cut at its median 5: 50% / 50%. Actual 1, 2, 3, 6: 75% / 25%.
    // (0.75 − 0.5)·ln(0.75/0.5) + (0.25 − 0.5)·ln(0.25/0.5) = 0.25·(ln 1.5 + ln 2) = 0.274653
    const r = psi([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 6], { bins: 2 });
    expect(r.bins.map((b) => [b.lower, b.upper, b.expectedShare, b.actualShare])).toEqual([
      [null, 5, 0.5, 0.75],
      [5, null, 0.5, 0.25],
    ]);
    expect(r.psi).toBeCloseTo(0.274653, 6);
    expect(r.verdict).toBe('shift');
  });

  it('an empty bin counts as epsilon, not zero', () => {
    // Actual all at or below 5: (1 − 0.5)·ln 2 + (0.0001 − 0.5)·ln(0.0001/0.5) = 0.346574 + 4.257745
    const r = psi([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2], { bins: 2, epsilon: 1e-4 });
    expect(r.psi).toBeCloseTo(4.604318, 5);
    expect(Number.isFinite(r.psi)).toBe(true);
  });

  it('is zero for the same sample, bins at deciles of the expected one, ties merging bins', () => {
    const e = Array.from({ length: 100 }, (_, i) => i);
    const same = psi(e, e);
    expect(same.psi).toBe(0);
    expect(same.bins).toHaveLength(10);
    expect(same.bins.every((b) => b.expectedCount === 10)).toBe(true);
    expect(psi([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], [1, 2, 3]).bins.map((b) => b.upper)).toEqual([1, 2, null]);
  });

  it('reads < 0.1 as stable, 0.1 to 0.25 as watch, above as shift', () => {
    expect([0, 0.0999, 0.1, 0.25, 0.2501].map(psiVerdict)).toEqual(['stable', 'stable', 'watch', 'watch', 'shift']);
  });
});

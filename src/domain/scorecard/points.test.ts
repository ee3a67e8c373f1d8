import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binPoints, DEFAULT_GRADES, DEFAULT_SCALING, gradeOf, scalingConstants, scoreOf } from './points.js';

describe('PDO scaling', () => {
  it('scores 600 at odds 50:1 and 20 more for each doubling of the odds', () => {
    // factor = 20 / ln 2 = 28.853901; offset = 600 − factor · ln 50 = 487.122876
    const { factor, offset } = scalingConstants(DEFAULT_SCALING);
    expect(factor).toBeCloseTo(28.853901, 6);
    expect(offset).toBeCloseTo(487.122876, 6);
    expect(scoreOf(-Math.log(50))).toBeCloseTo(600, 9);
    expect(scoreOf(-Math.log(100))).toBeCloseTo(620, 9);
    expect(scoreOf(-Math.log(25))).toBeCloseTo(580, 9);
    expect(scoreOf(0)).toBeCloseTo(offset, 9);
  });

  it('the points of a loan’s bins add up to the score of its log-odds', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: -3, max: 0, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true })), { minLength: 1, maxLength: 12 }),
        (intercept, features) => {
          const total = features.reduce((s, [b, woe]) => s + binPoints(b, woe, intercept, features.length), 0);
          const logOddsBad = intercept + features.reduce((s, [b, woe]) => s + b * woe, 0);
          expect(total).toBeCloseTo(scoreOf(logOddsBad), 6);
        },
      ),
    );
  });

  it('grades by cut-offs given as data, the last grade taking the rest', () => {
    expect([700, 600, 599.9, 560, 520, 480, 479, -50].map((s) => gradeOf(s))).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'E', 'E']);
    expect(gradeOf(550, [{ grade: 'A', minScore: 500 }, { grade: 'E', minScore: null }])).toBe('A');
    expect(() => gradeOf(1, [{ grade: 'A', minScore: 500 }])).toThrow(RangeError);
    expect(DEFAULT_GRADES.at(-1)!.minScore).toBeNull();
  });
});

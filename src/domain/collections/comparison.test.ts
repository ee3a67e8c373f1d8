import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareProportions, proportion } from './comparison.js';

describe('comparing the champion and the challenger', () => {
  it('gives the difference, the pooled z and the interval, checked by hand', () => {
    // 40 of 200 cured against 60 of 200: p = 0.2 and 0.3, pooled 0.25
    // z = 0.1 / sqrt(0.25 × 0.75 × (2/200)) = 0.1 / 0.0433013 = 2.3094
    // interval: 0.1 ± 1.96 × sqrt(0.16/200 + 0.21/200) = 0.1 ± 0.0843
    const d = compareProportions(proportion(40, 200), proportion(60, 200))!;
    expect(d.diff).toBeCloseTo(0.1, 10);
    expect(d.z).toBeCloseTo(2.3094, 4);
    expect(d.low).toBeCloseTo(0.0157, 4);
    expect(d.high).toBeCloseTo(0.1843, 4);
    expect(d.reliable).toBe(true);
  });

  it('gives no z when a group is too small for the approximation, and nothing for an empty group', () => {
    expect(compareProportions(proportion(1, 3), proportion(2, 4))).toMatchObject({ z: null, reliable: false });
    expect(compareProportions(proportion(0, 0), proportion(2, 4))).toBeNull();
    expect(proportion(0, 0).rate).toBeNull();
    expect(() => proportion(3, 2)).toThrow(RangeError);
  });

  it('is antisymmetric: swapping the groups flips the sign of the difference and of z', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.nat(), fc.nat(), (n1, n2, a, b) => {
        const x = proportion(a % (n1 + 1), n1);
        const y = proportion(b % (n2 + 1), n2);
        const xy = compareProportions(x, y)!;
        const yx = compareProportions(y, x)!;
        expect(xy.diff).toBeCloseTo(-yx.diff, 12);
        expect(xy.z === null ? null : -xy.z).toEqual(yx.z === null ? null : expect.closeTo(yx.z, 9));
        expect(xy.low).toBeLessThanOrEqual(xy.diff + 1e-12);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, inChallenger } from './assignment.js';

describe('champion/challenger assignment', () => {
  it('is stable: the same seed and loan give the same slot', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.nat(), (seed, id) => bucketOf(seed, id) === bucketOf(seed, id) && bucketOf(seed, id) < 10_000));
  });

  it('takes close to the asked share of consecutive loan ids', () => {
    for (const percent of [5, 10, 25, 50]) {
      let n = 0;
      for (let id = 1; id <= 100_000; id++) if (inChallenger('exp-2026-11', id, percent)) n++;
      // binomial sd at 100,000 trials is at most 158; 5 sd either side
      expect(Math.abs(n - percent * 1000)).toBeLessThan(800);
    }
  });

  it('0 % takes nobody and a larger share contains the smaller one', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.integer({ min: 0, max: 49 }), (id, p) => {
        expect(inChallenger('s', id, 0)).toBe(false);
        if (inChallenger('s', id, p)) expect(inChallenger('s', id, p + 1)).toBe(true);
      }),
    );
  });

  it('different seeds split independently', () => {
    let both = 0;
    for (let id = 1; id <= 100_000; id++) if (inChallenger('a', id, 50) && inChallenger('b', id, 50)) both++;
    expect(Math.abs(both - 25_000)).toBeLessThan(700);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rngFor } from './rng.js';

const draws = (seed: number | string, n = 20): number[] => {
  const rng = rngFor(seed);
  return Array.from({ length: n }, () => rng.uint32());
};

describe('seeded random streams', () => {
  it('repeats itself for the same seed and path and differs otherwise', () => {
    expect(draws('demo')).toEqual(draws('demo'));
    expect(draws('demo')).not.toEqual(draws('demo2'));
    expect(draws(1)).not.toEqual(draws(2));
    // The CLI's --seed 42 and a test's rngFor(42) are the same book.
    expect(draws(42)).toEqual(draws('42'));
    expect(rngFor(1, 'loan', 1).uint32()).not.toBe(rngFor(1, 'loan', 2).uint32());
    // Key parts are kept apart, not concatenated.
    expect(rngFor(1, 'ab', 'c').uint32()).not.toBe(rngFor(1, 'a', 'bc').uint32());
  });

  it('derives children from the key path alone, whatever the parent has drawn', () => {
    const fresh = rngFor('s', 'loan', 7).child('vehicle');
    const used = rngFor('s', 'loan', 7);
    for (let i = 0; i < 100; i++) used.float();
    expect(used.child('vehicle').uint32()).toBe(fresh.uint32());
    expect(rngFor('s', 'loan', 7, 'vehicle').uint32()).toBe(rngFor('s', 'loan', 7).child('vehicle').uint32());
  });

  it('keeps int() within its inclusive bounds and float() in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), (seed, min, span) => {
        const rng = rngFor(seed);
        for (let i = 0; i < 20; i++) {
          const x = rng.int(min, min + span);
          expect(Number.isInteger(x) && x >= min && x <= min + span).toBe(true);
          const f = rng.float();
          expect(f >= 0 && f < 1).toBe(true);
        }
      }),
    );
    const rng = rngFor('ends');
    const seen = new Set(Array.from({ length: 200 }, () => rng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(() => rng.int(2, 1)).toThrow(RangeError);
  });

  it('draws weighted values in proportion and never a zero-weight one', () => {
    const rng = rngFor('weights');
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[rng.weighted([['a', 1], ['b', 3], ['c', 0]] as const)]++;
    expect(counts.c).toBe(0);
    expect(counts.a / 20_000).toBeCloseTo(0.25, 1);
    expect(() => rng.weighted([['x', 0]])).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('gives normal draws with the requested mean and spread, and chance() at its rate', () => {
    const rng = rngFor('normal');
    const xs = Array.from({ length: 20_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
    const hits = Array.from({ length: 20_000 }, () => rng.chance(0.3)).filter(Boolean).length;
    expect(hits / 20_000).toBeCloseTo(0.3, 1);
    expect(rng.digits(12)).toMatch(/^\d{12}$/);
  });
});

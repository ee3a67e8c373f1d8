import { describe, expect, it } from 'vitest';
import { fitLogistic, logOdds } from './logistic.js';

/** A seeded generator (Park–Miller), so the simulated data are the same on every run. */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('logistic regression', () => {
  it('with one 0/1 feature, finds each group’s log-odds', () => {
    // x = 0: 2 bad of 10 → intercept ln(2/8); x = 1: 6 bad of 10 → intercept + b = ln(6/4).
    const x = Float64Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1));
    const y = Uint8Array.from({ length: 20 }, (_, i) => (i < 10 ? (i < 2 ? 1 : 0) : i < 16 ? 1 : 0));
    const fit = fitLogistic(x, y, 1, { l2: 1e-9, maxIterations: 50, tolerance: 1e-10 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(Math.log(2 / 8), 6);
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(6 / 4) - Math.log(2 / 8), 6);
    expect(logOdds(fit, [1])).toBeCloseTo(Math.log(1.5), 6);
  });

  it('recovers simulated coefficients, the same to the last bit on a second run', () => {
    const rnd = lcg(42);
    const n = 20_000;
    const truth = [-1, 0.8, -0.5, 0];
    const x = new Float64Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let eta = truth[0]!;
      for (let j = 0; j < 3; j++) {
        x[i * 3 + j] = rnd() * 4 - 2;
        eta += truth[j + 1]! * x[i * 3 + j]!;
      }
      y[i] = rnd() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    const fit = fitLogistic(x, y, 3);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(10);
    expect(fit.intercept).toBeCloseTo(-1, 1);
    fit.coefficients.forEach((b, j) => expect(Math.abs(b - truth[j + 1]!)).toBeLessThan(0.06));
    expect(fitLogistic(x, y, 3)).toEqual(fit);
  });

  it('the ridge penalty shrinks coefficients and keeps two identical columns finite and equal', () => {
    const x1 = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const y = Uint8Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? (i % 8 === 0 ? 0 : 1) : i % 8 === 1 ? 1 : 0));
    const loose = fitLogistic(x1, y, 1, { l2: 1e-6, maxIterations: 50, tolerance: 1e-10 });
    const tight = fitLogistic(x1, y, 1, { l2: 20, maxIterations: 50, tolerance: 1e-10 });
    expect(Math.abs(tight.coefficients[0]!)).toBeLessThan(Math.abs(loose.coefficients[0]!));
    const twice = Float64Array.from({ length: 80 }, (_, k) => x1[k >> 1]!);
    const dup = fitLogistic(twice, y, 2);
    expect(dup.coefficients.every(Number.isFinite)).toBe(true);
    expect(dup.coefficients[0]).toBeCloseTo(dup.coefficients[1]!, 9);
  });
});

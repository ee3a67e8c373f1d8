import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bin, binFeature, binIndexer, binLabel, DEFAULT_BINNING, type FeatureBinning } from './binning.js';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const regular = (b: FeatureBinning) => b.bins.filter((x) => x.rule.kind === 'range' || x.rule.kind === 'levels');
const rate = (b: Bin) => b.bads / b.count;

/** Does the bin's rule hold x? */
function holds(bin: Bin, x: number): boolean {
  const r = bin.rule;
  if (r.kind === 'missing') return Number.isNaN(x);
  if (r.kind === 'special') return x === r.value;
  if (r.kind === 'levels') return r.values.includes(x);
  return (r.lower === null || x > r.lower) && (r.upper === null || x <= r.upper);
}

describe('monotonic binning', () => {
  it('merges quantile bins until the bad rate only rises, on a worked case', () => {
    // 100 rows x = 0..99 in 10 quantile bins of 10; bads per bin 1,3,2,4,4,6,5,7,9,8 (x ascending).
    // Rising overall; pooling violators: [3,2] → 5/20, [4,4] → 8/20, [6,5] → 11/20, [9,8] → 17/20.
    const badsPerBin = [1, 3, 2, 4, 4, 6, 5, 7, 9, 8];
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = Uint8Array.from({ length: 100 }, (_, i) => (i % 10 < badsPerBin[Math.floor(i / 10)]! ? 1 : 0));
    const b = binFeature('x', x, y, all(100), { ...DEFAULT_BINNING, initialBins: 10, minBinShare: 0 });
    expect(b.type).toBe('numeric');
    expect(b.direction).toBe('up');
    expect(b.bins.map((bin) => [binLabel(bin.rule), bin.count, bin.bads])).toEqual([
      ['≤ 9', 10, 1],
      ['(9, 29]', 20, 5],
      ['(29, 49]', 20, 8],
      ['(49, 69]', 20, 11],
      ['(69, 79]', 10, 7],
      ['> 79', 20, 17],
    ]);
  });

  it('keeps every regular bin at the minimum share, and gives missing values and special codes their own bins', () => {
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => (i < 10 ? NaN : i < 30 ? -1 : i));
    const y = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const b = binFeature('x', x, y, all(n), { ...DEFAULT_BINNING, specialValues: [-1], minBinShare: 0.2 });
    const kinds = b.bins.map((bin) => bin.rule.kind);
    expect(kinds.slice(-2)).toEqual(['special', 'missing']);
    expect(b.bins.at(-2)!.count).toBe(20);
    expect(b.bins.at(-1)!.count).toBe(10);
    for (const bin of regular(b)) if (regular(b).length > 1) expect(bin.count).toBeGreaterThanOrEqual(0.2 * n);
  });

  it('holds for any data: counts add up, every value lands in the bin that holds it, rates strictly monotonic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constant(NaN)), fc.integer({ min: 0, max: 1 })), { minLength: 30, maxLength: 300 }),
        fc.constantFrom(0, 0.05, 0.1),
        (rows, minBinShare) => {
          const x = Float64Array.from(rows, ([v]) => v);
          const y = Uint8Array.from(rows, ([, b]) => b);
          const b = binFeature('x', x, y, all(rows.length), { ...DEFAULT_BINNING, minBinShare });
          expect(b.bins.reduce((s, bin) => s + bin.count, 0)).toBe(rows.length);
          expect(b.bins.reduce((s, bin) => s + bin.bads, 0)).toBe(y.reduce((s, v) => s + v, 0));
          const index = binIndexer(b);
          x.forEach((v) => expect(holds(b.bins[index(v)]!, v)).toBe(true));
          if (b.type === 'numeric') {
            const rates = regular(b).map(rate);
            for (let i = 1; i < rates.length; i++) {
              if (b.direction === 'up') expect(rates[i]!).toBeGreaterThan(rates[i - 1]!);
              else expect(rates[i]!).toBeLessThan(rates[i - 1]!);
            }
            if (rates.length > 1) for (const bin of regular(b)) expect(bin.count).toBeGreaterThanOrEqual(minBinShare * rows.length);
          }
        },
      ),
    );
  });

  it('bins only the given rows, so a fold never sees the rows it is tested on', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = Uint8Array.from({ length: 100 }, (_, i) => (i >= 50 ? 1 : 0));
    const firstHalf = Int32Array.from({ length: 50 }, (_, i) => i);
    const b = binFeature('x', x, y, firstHalf);
    expect(b.bins.reduce((s, bin) => s + bin.count, 0)).toBe(50);
    expect(b.bins.reduce((s, bin) => s + bin.bads, 0)).toBe(0);
  });
});

describe('categorical binning', () => {
  it('bins few distinct values by value, without imposing an order, and merges small levels into a neighbour', () => {
    // Levels -1 (40 rows, 10% bad), 0 (40, 50%), 1 (16, 25%), 7 (4, 100%): 7 is under 5% of 100 and joins 1.
    const spec: [number, number, number][] = [
      [-1, 40, 4],
      [0, 40, 20],
      [1, 16, 4],
      [7, 4, 4],
    ];
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [v, count, bads] of spec) {
      for (let i = 0; i < count; i++) {
        xs.push(v);
        ys.push(i < bads ? 1 : 0);
      }
    }
    const b = binFeature('status', Float64Array.from(xs), Uint8Array.from(ys), all(xs.length));
    expect(b.type).toBe('categorical');
    expect(b.bins.map((bin) => [binLabel(bin.rule), bin.count, bin.bads])).toEqual([
      ['= -1', 40, 4],
      ['= 0', 40, 20],
      ['{1, 7}', 20, 8],
    ]);
    const index = binIndexer(b);
    // Not seen in training: the nearest level's bin (the lower on a tie); NaN had no bin: −1, neutral.
    expect([index(3), index(4), index(5), index(-9), index(0.4), index(0.5), index(NaN)]).toEqual([2, 2, 2, 0, 1, 1, -1]);
  });
});

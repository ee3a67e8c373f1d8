import { describe, expect, it } from 'vitest';
import { weightOfEvidence } from './woe.js';

describe('weight of evidence', () => {
  it('two bins worked by hand, without and with smoothing', () => {
    // Bin 1: 8 goods, 2 bads; bin 2: 2 goods, 8 bads. Unsmoothed: WoE ln(0.8/0.2) = ln 4 and −ln 4;
    // IV = 0.6·ln 4 + (−0.6)·(−ln 4) = 1.2·ln 4 = 1.663553.
    const bins = [
      { count: 10, bads: 2 },
      { count: 10, bads: 8 },
    ];
    const raw = weightOfEvidence(bins, 0);
    expect(raw.woe[0]).toBeCloseTo(Math.log(4), 12);
    expect(raw.woe[1]).toBeCloseTo(-Math.log(4), 12);
    expect(raw.iv).toBeCloseTo(1.663553, 6);
    // Smoothing ½: goods 8.5/11 and 2.5/11, bads 2.5/11 and 8.5/11: WoE ±ln 3.4, IV 2·(6/11)·ln 3.4 = 1.335028.
    const smooth = weightOfEvidence(bins, 0.5);
    expect(smooth.woe[0]).toBeCloseTo(Math.log(3.4), 12);
    expect(smooth.iv).toBeCloseTo(1.335028, 6);
  });

  it('is finite for a bin with no bads, and zero everywhere for a feature that separates nothing', () => {
    const pure = weightOfEvidence([
      { count: 50, bads: 0 },
      { count: 50, bads: 10 },
    ]);
    expect(pure.woe.every(Number.isFinite)).toBe(true);
    expect(pure.woe[0]).toBeGreaterThan(2);
    // Both bins 20% bad: goods 32/80 and 48/80, bads 8/20 and 12/20, the same shares.
    const flatBins = [
      { count: 40, bads: 8 },
      { count: 60, bads: 12 },
    ];
    const flat = weightOfEvidence(flatBins, 0);
    flat.woe.forEach((w) => expect(w).toBeCloseTo(0, 12));
    expect(flat.iv).toBeCloseTo(0, 12);
    // Smoothing only nudges it.
    weightOfEvidence(flatBins).woe.forEach((w) => expect(Math.abs(w)).toBeLessThan(0.01));
  });
});

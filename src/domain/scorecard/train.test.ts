import { describe, expect, it } from 'vitest';
import { binIndexer } from './binning.js';
import type { Dataset } from './dataset.js';
import { auc } from './metrics.js';
import { modelCard } from './model-card.js';
import { DEFAULT_TRAIN, fitScorecard, logOddsBad, scoreRows, trainScorecard } from './train.js';

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * A seeded book: `amount` raises risk steadily, `status` (−2..2) matters out of order as
 * repayment codes do, `twin` is amount plus noise whose own effect is the opposite, and `noise`
 * is noise.
 */
function book(n: number, seed = 7): Dataset {
  const rnd = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  const statusEffect = [0.2, -0.6, -0.3, 1, 2];
  const columns = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const target = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const amount = normal();
    const twin = amount + 0.6 * normal();
    const status = Math.floor(rnd() * 5) - 2;
    columns[0]![i] = Math.round(amount * 1000) / 10;
    columns[1]![i] = status;
    columns[2]![i] = Math.round(twin * 1000) / 10;
    columns[3]![i] = rnd();
    const eta = -1.6 + 2 * amount - 1.2 * twin + statusEffect[status + 2]!;
    target[i] = rnd() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { features: ['amount', 'status', 'twin', 'noise'], columns, target, rows: n };
}

const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

describe('training a scorecard', () => {
  const data = book(6000);
  const report = trainScorecard(data, 4001);

  it('keeps the features that separate, leaving out noise (low IV) and a twin that reads backwards (sign)', () => {
    const card = report.scorecard;
    expect(card.features.map((f) => f.name).sort()).toEqual(['amount', 'status']);
    expect(card.leftOut).toEqual(
      expect.arrayContaining([
        { name: 'noise', iv: expect.any(Number), reason: 'low-iv' },
        { name: 'twin', iv: expect.any(Number), reason: 'sign' },
      ]),
    );
    expect(card.leftOut.find((l) => l.name === 'twin')!.iv).toBeGreaterThan(DEFAULT_TRAIN.minIv);
    for (const f of card.features) expect(f.coefficient).toBeLessThan(0);
    expect(card.converged).toBe(true);
  });

  it('trains on rows before the hold-out and scores the hold-out with that model', () => {
    expect(report.train.rows).toBe(4000);
    expect(report.holdout!.rows).toBe(2000);
    expect(report.holdout!.auc).toBeGreaterThan(0.7);
    expect(report.train.gini).toBeCloseTo(2 * report.train.auc - 1, 12);
    // Relabelling every held-out row changes the hold-out figures and nothing about the model.
    const flipped = { ...data, target: data.target.map((y, r) => (r >= 4000 ? 1 - y : y)) };
    const again = trainScorecard(flipped, 4001);
    expect(again.scorecard).toEqual(report.scorecard);
    expect(again.cv).toEqual(report.cv);
    expect(again.holdout!.auc).toBeCloseTo(1 - report.holdout!.auc, 9);
  });

  it('cross-validates with fold = data-row number mod 10, each fold binned and fitted on its own training part', () => {
    const rows = range(0, 4000);
    const pooled = new Float64Array(4000);
    for (let f = 0; f < 10; f++) {
      // Data row 10 (index 9) is in fold 0, data row 1 (index 0) in fold 1.
      const test = rows.filter((r) => (r + 1) % 10 === f);
      const card = fitScorecard(data, rows.filter((r) => (r + 1) % 10 !== f));
      logOddsBad(card, data, test).forEach((v, i) => (pooled[test[i]!] = v));
    }
    expect(report.cv.foldAucs).toHaveLength(10);
    expect(report.cv.auc).toBe(auc(pooled, data.target.subarray(0, 4000)));
    expect(report.cv.auc).toBeLessThan(report.train.auc);
  });

  it('points of a row’s bins add up to its score', () => {
    const rows = range(0, 300);
    const scores = scoreRows(report.scorecard, data, rows);
    rows.forEach((r, i) => {
      const total = report.scorecard.features.reduce((s, f) => {
        const b = binIndexer(f.binning)(data.columns[data.features.indexOf(f.name)]![r]!);
        return s + (b < 0 ? f.unseenPoints : f.points[b]!);
      }, 0);
      expect(total).toBeCloseTo(scores[i]!, 9);
    });
  });

  it('is deterministic and describes itself in a model card whose version is its content', () => {
    const input = { target: 'bad', file: 'book.csv', sha256: 'a'.repeat(64), rows: data.rows, options: DEFAULT_TRAIN };
    const card = modelCard(report, input);
    expect(modelCard(trainScorecard(data, 4001), input)).toEqual(card);
    expect(card.version).toMatch(/^sc-[0-9a-f]{12}$/);
    expect(modelCard(report, { ...input, file: 'renamed.csv' }).version).toBe(card.version);
    expect(modelCard(report, { ...input, sha256: 'b'.repeat(64) }).version).not.toBe(card.version);
    expect(card.trainingData).toEqual({ file: 'book.csv', sha256: 'a'.repeat(64), rows: 6000, trainRows: 4000, holdoutFrom: 4001 });
    expect(card.metrics.holdout).toEqual(report.holdout);
    const status = card.features.find((f) => f.name === 'status')!;
    expect(status.type).toBe('categorical');
    for (const b of status.bins) {
      expect(Number.isInteger(b.points)).toBe(true);
      expect(b.label).toMatch(/^(= -?\d|\{)/);
    }
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });

  it('refuses a hold-out that leaves either part empty', () => {
    expect(() => trainScorecard(data, 1)).toThrow(RangeError);
    expect(() => trainScorecard(data, 6001)).toThrow(RangeError);
    expect(trainScorecard(book(200), null).holdout).toBeNull();
  });
});

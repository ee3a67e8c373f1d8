import { binOf, quantileCuts, sortedCopy } from './quantiles.js';

/**
 * Model quality on a sample. Every function takes `scores` where higher means riskier (a predicted
 * bad probability or log-odds; pass −points for a scorecard score) and `bad` as 1 = bad, 0 = good.
 * A sample with no bads or no goods has no AUC or KS: the answer is NaN, not a guess.
 */

function ascendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[a]! - scores[b]! || a - b);
}

/**
 * Area under the ROC curve by ranks (Mann–Whitney): the chance that a random bad scores above a
 * random good, a tie counting one half (tied scores share their mean rank).
 */
export function auc(scores: ArrayLike<number>, bad: ArrayLike<number>): number {
  const order = ascendingOrder(scores);
  let badRankSum = 0;
  let bads = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i]!]!;
    let j = i;
    while (j < order.length && scores[order[j]!] === s) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (bad[order[k]!] === 1) {
        badRankSum += midRank;
        bads++;
      }
    }
    i = j;
  }
  const goods = order.length - bads;
  if (bads === 0 || goods === 0) return NaN;
  return (badRankSum - (bads * (bads + 1)) / 2) / (bads * goods);
}

/**
 * Kolmogorov–Smirnov: the largest gap between the share of bads and the share of goods at or above
 * a cut-off, taken only between groups of tied scores (a cut cannot split a tie).
 */
export function ks(scores: ArrayLike<number>, bad: ArrayLike<number>): number {
  const order = ascendingOrder(scores);
  let bads = 0;
  for (let i = 0; i < order.length; i++) bads += bad[i] === 1 ? 1 : 0;
  const goods = order.length - bads;
  if (bads === 0 || goods === 0) return NaN;
  let best = 0;
  let cumBad = 0;
  let cumGood = 0;
  for (let i = order.length - 1; i >= 0; ) {
    const s = scores[order[i]!]!;
    while (i >= 0 && scores[order[i]!] === s) {
      if (bad[order[i]!] === 1) cumBad++;
      else cumGood++;
      i--;
    }
    best = Math.max(best, Math.abs(cumBad / bads - cumGood / goods));
  }
  return best;
}

/** Gini (accuracy ratio) = 2·AUC − 1. */
export const gini = (aucValue: number): number => 2 * aucValue - 1;

export type PsiVerdict = 'stable' | 'watch' | 'shift';

/** The customary reading: below 0.1 stable, 0.1 to 0.25 watch, above 0.25 a real shift. */
export function psiVerdict(value: number): PsiVerdict {
  if (value < 0.1) return 'stable';
  return value <= 0.25 ? 'watch' : 'shift';
}

export interface PsiBin {
  /** The bin holds scores in (lower, upper]; null is unbounded. */
  lower: number | null;
  upper: number | null;
  expectedCount: number;
  actualCount: number;
  expectedShare: number;
  actualShare: number;
  /** (actual − expected) · ln(actual / expected), with empty shares raised to epsilon. */
  contribution: number;
}

export interface PsiResult {
  psi: number;
  verdict: PsiVerdict;
  bins: PsiBin[];
}

export interface PsiOptions {
  /** Bins at the quantiles of the expected sample (ties merge bins, so there may be fewer). */
  bins?: number;
  /** An empty bin's share counts as this instead of 0, which would make the logarithm infinite. */
  epsilon?: number;
}

/**
 * Population stability index of `actual` against `expected`: bins are cut at the deciles (by
 * default) of the expected sample, so each holds about a tenth of it; missing values are ignored.
 */
export function psi(expected: ArrayLike<number>, actual: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const k = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  const e = sortedCopy(Array.from(expected).filter((x) => !Number.isNaN(x)));
  const a = Array.from(actual).filter((x) => !Number.isNaN(x));
  if (e.length === 0 || a.length === 0) throw new RangeError('PSI needs at least one score in each sample');
  const cuts = quantileCuts(e, k);
  const expectedCounts = new Array<number>(cuts.length + 1).fill(0);
  const actualCounts = new Array<number>(cuts.length + 1).fill(0);
  for (const x of e) expectedCounts[binOf(cuts, x)]!++;
  for (const x of a) actualCounts[binOf(cuts, x)]!++;
  const bins = expectedCounts.map((expectedCount, i): PsiBin => {
    const actualCount = actualCounts[i]!;
    const expectedShare = expectedCount / e.length;
    const actualShare = actualCount / a.length;
    const es = Math.max(expectedShare, epsilon);
    const as = Math.max(actualShare, epsilon);
    return { lower: i === 0 ? null : cuts[i - 1]!, upper: i === cuts.length ? null : cuts[i]!, expectedCount, actualCount, expectedShare, actualShare, contribution: (as - es) * Math.log(as / es) };
  });
  const value = bins.reduce((s, b) => s + b.contribution, 0);
  return { psi: value, verdict: psiVerdict(value), bins };
}

import { binFeature, binIndexer, type BinningOptions, DEFAULT_BINNING, type FeatureBinning, orderByValue } from './binning.js';
import type { Dataset } from './dataset.js';
import { DEFAULT_LOGISTIC, fitLogistic, type LogisticOptions } from './logistic.js';
import { auc, gini, ks } from './metrics.js';
import { binPoints, DEFAULT_SCALING, type Scaling, scoreOf } from './points.js';
import { weightOfEvidence } from './woe.js';

export interface TrainOptions {
  binning: BinningOptions;
  logistic: LogisticOptions;
  scaling: Scaling;
  /** Features whose information value on the training rows is below this are left out (0.02 = "useless" in the usual reading). */
  minIv: number;
  /** Laplace smoothing added to each bin's goods and bads before WoE. */
  smoothing: number;
  folds: number;
}

export const DEFAULT_TRAIN: TrainOptions = { binning: DEFAULT_BINNING, logistic: DEFAULT_LOGISTIC, scaling: DEFAULT_SCALING, minIv: 0.02, smoothing: 0.5, folds: 10 };

export interface ScorecardFeature {
  name: string;
  binning: FeatureBinning;
  woe: number[];
  iv: number;
  coefficient: number;
  /** Points for each bin, in the order of binning.bins. */
  points: number[];
  /** Points for a value training never saw (missing or a special code): WoE 0, neutral evidence. */
  unseenPoints: number;
}

export interface LeftOutFeature {
  name: string;
  iv: number;
  /** low-iv: below minIv; sign: its coefficient said more evidence of good means more risk, which WoE rules out (collinearity). */
  reason: 'low-iv' | 'sign';
}

export interface Scorecard {
  intercept: number;
  features: ScorecardFeature[];
  leftOut: LeftOutFeature[];
  scaling: Scaling;
  converged: boolean;
}

interface Candidate {
  name: string;
  binning: FeatureBinning;
  woe: number[];
  iv: number;
  /** WoE of each training row's bin, in the order of the rows. */
  rowWoe: Float64Array;
}

/**
 * Bins, WoE and the fit from the given rows (0-based indexes into the data set) alone. `orders`,
 * every row of the data set ordered by each feature (orderByValue), spares a sort per feature
 * when the same data set is fitted many times over (cross-validation); `warm`, a scorecard fitted
 * on most of the same rows, is where the regression starts its search (it ends at the same fit).
 */
export function fitScorecard(data: Dataset, rows: Int32Array, options: TrainOptions = DEFAULT_TRAIN, orders?: Int32Array[], warm?: Scorecard): Scorecard {
  const leftOut: LeftOutFeature[] = [];
  let candidates: Candidate[] = [];
  const member = new Uint8Array(data.rows);
  for (const r of rows) member[r] = 1;
  data.features.forEach((name, j) => {
    const column = data.columns[j]!;
    const sorted = orders ? inOrder(orders[j]!, member, rows.length) : undefined;
    const binning = binFeature(name, column, data.target, rows, options.binning, sorted);
    const { woe, iv } = weightOfEvidence(binning.bins, options.smoothing);
    if (iv < options.minIv) {
      leftOut.push({ name, iv, reason: 'low-iv' });
      return;
    }
    const index = binIndexer(binning);
    const rowWoe = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const b = index(column[rows[i]!]!);
      rowWoe[i] = b < 0 ? 0 : woe[b]!;
    }
    candidates.push({ name, binning, woe, iv, rowWoe });
  });
  const y = Uint8Array.from(rows, (r) => data.target[r]!);
  for (;;) {
    const p = candidates.length;
    const x = new Float64Array(rows.length * p);
    candidates.forEach((c, j) => {
      for (let i = 0; i < rows.length; i++) x[i * p + j] = c.rowWoe[i]!;
    });
    const start = warm && [warm.intercept, ...candidates.map((c) => warm.features.find((f) => f.name === c.name)?.coefficient ?? 0)];
    const fit = fitLogistic(x, y, p, options.logistic, start);
    // WoE grows with the share of goods, so the log-odds of bad must fall with it: a positive
    // coefficient is a feature fighting a correlated one, and the card would read backwards.
    const worst = fit.coefficients.reduce((w, b, j) => (b > 0 && (w < 0 || b > fit.coefficients[w]!) ? j : w), -1);
    if (worst >= 0) {
      const dropped = candidates[worst]!;
      leftOut.push({ name: dropped.name, iv: dropped.iv, reason: 'sign' });
      candidates = candidates.filter((_, j) => j !== worst);
      continue;
    }
    const k = candidates.length;
    const features = candidates.map((c, j): ScorecardFeature => {
      const b = fit.coefficients[j]!;
      return { name: c.name, binning: c.binning, woe: c.woe, iv: c.iv, coefficient: b, points: c.woe.map((w) => binPoints(b, w, fit.intercept, k, options.scaling)), unseenPoints: binPoints(b, 0, fit.intercept, k, options.scaling) };
    });
    return { intercept: fit.intercept, features, leftOut, scaling: options.scaling, converged: fit.converged };
  }
}

/** The member rows, in the order given. */
function inOrder(order: Int32Array, member: Uint8Array, count: number): Int32Array {
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < order.length; i++) if (member[order[i]!] === 1) out[k++] = order[i]!;
  return out;
}

/** The model's log-odds of bad for the given rows, in their order. */
export function logOddsBad(card: Scorecard, data: Dataset, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length).fill(card.intercept);
  for (const f of card.features) {
    const column = data.columns[data.features.indexOf(f.name)]!;
    const index = binIndexer(f.binning);
    for (let i = 0; i < rows.length; i++) {
      const b = index(column[rows[i]!]!);
      out[i]! += f.coefficient * (b < 0 ? 0 : f.woe[b]!);
    }
  }
  return out;
}

/** Scores in points (higher = safer) for the given rows. */
export function scoreRows(card: Scorecard, data: Dataset, rows: Int32Array): Float64Array {
  return logOddsBad(card, data, rows).map((l) => scoreOf(l, card.scaling));
}

export interface Evaluation {
  rows: number;
  bads: number;
  auc: number;
  ks: number;
  gini: number;
}

export function evaluate(card: Scorecard, data: Dataset, rows: Int32Array): Evaluation {
  const risk = logOddsBad(card, data, rows);
  const bad = Uint8Array.from(rows, (r) => data.target[r]!);
  const a = auc(risk, bad);
  return { rows: rows.length, bads: bad.reduce((s, v) => s + v, 0), auc: a, ks: ks(risk, bad), gini: gini(a) };
}

export interface TrainReport {
  scorecard: Scorecard;
  /** In-sample, on the training rows. */
  train: Evaluation;
  /**
   * Fold f holds the training rows whose data-row number mod `folds` is f. `auc` is over the pooled
   * out-of-fold predictions (every training row scored by the model that did not see it), the
   * reading the data set's reference figures use; each fold's own AUC is beside it.
   */
  cv: { auc: number; foldAucs: number[] };
  /** Data rows from this number on (counting from 1) were held out of training; null when none were. */
  holdoutFrom: number | null;
  holdout: Evaluation | null;
}

const range = (from: number, to: number) => Int32Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/**
 * Trains on data rows before `holdoutFrom` (all rows without it), cross-validates on those same
 * rows with every fold re-binned and refitted on its own training part, and scores the held-out
 * rows with the final model. Nothing about the held-out rows reaches any fit.
 */
export function trainScorecard(data: Dataset, holdoutFrom: number | null, options: TrainOptions = DEFAULT_TRAIN): TrainReport {
  if (holdoutFrom !== null && (!Number.isInteger(holdoutFrom) || holdoutFrom < 2 || holdoutFrom > data.rows)) {
    throw new RangeError(`the hold-out must start at a data row from 2 to ${data.rows}, so that both parts have rows (got ${holdoutFrom})`);
  }
  const trainRows = range(0, holdoutFrom === null ? data.rows : holdoutFrom - 1);
  const orders = data.columns.map((column) => orderByValue(column, range(0, data.rows)));
  const scorecard = fitScorecard(data, trainRows, options, orders);
  const foldAucs: number[] = [];
  const outOfFold = new Float64Array(data.rows);
  for (let f = 0; f < options.folds; f++) {
    // Row index r is data row r + 1.
    const inFold = (r: number) => (r + 1) % options.folds === f;
    const test = trainRows.filter(inFold);
    if (test.length === 0) continue;
    const card = fitScorecard(data, trainRows.filter((r) => !inFold(r)), options, orders, scorecard);
    const risk = logOddsBad(card, data, test);
    test.forEach((r, i) => (outOfFold[r] = risk[i]!));
    foldAucs.push(auc(risk, Uint8Array.from(test, (r) => data.target[r]!)));
  }
  const cvAuc = auc(outOfFold.subarray(0, trainRows.length), data.target.subarray(0, trainRows.length));
  return {
    scorecard,
    train: evaluate(scorecard, data, trainRows),
    cv: { auc: cvAuc, foldAucs },
    holdoutFrom,
    holdout: holdoutFrom === null ? null : evaluate(scorecard, data, range(holdoutFrom - 1, data.rows)),
  };
}

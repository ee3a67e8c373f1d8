import { binOf, quantileCuts } from './quantiles.js';

/** Which values a bin holds. Ranges are (lower, upper], null meaning unbounded. */
export type BinRule =
  | { kind: 'range'; lower: number | null; upper: number | null }
  | { kind: 'levels'; values: number[] }
  | { kind: 'special'; value: number }
  | { kind: 'missing' };

export interface Bin {
  rule: BinRule;
  count: number;
  bads: number;
}

export interface FeatureBinning {
  feature: string;
  /** Few distinct values: binned by value, no order imposed; otherwise ranges with a monotonic bad rate. */
  type: 'numeric' | 'categorical';
  /** For numeric features, whether the bad rate rises or falls with the value across the ranges. */
  direction: 'up' | 'down' | null;
  /** Regular bins in value order, then special values, then missing. */
  bins: Bin[];
}

export interface BinningOptions {
  /** Quantile bins to start from before merging. */
  initialBins: number;
  /** A regular bin smaller than this share of the rows is merged into a neighbour. */
  minBinShare: number;
  /** A feature with at most this many distinct values is categorical. */
  maxLevels: number;
  /** Codes that mean something else than their number (e.g. −1 "no account"): each gets its own bin. */
  specialValues: number[];
}

export const DEFAULT_BINNING: BinningOptions = { initialBins: 20, minBinShare: 0.05, maxLevels: 12, specialValues: [] };

/** A run of adjacent starting pieces (quantile bins or levels) merged into one bin. */
interface Run {
  first: number;
  last: number;
  count: number;
  bads: number;
}

const merge = (a: Run, b: Run): Run => ({ first: a.first, last: b.last, count: a.count + b.count, bads: a.bads + b.bads });
const rate = (r: Run) => r.bads / r.count;

/**
 * The rows ordered by the feature's value (missing values last, ties by row). Binning the same
 * column for every fold reuses one order instead of sorting again: see `binFeature`.
 */
export function orderByValue(values: ArrayLike<number>, rows: ArrayLike<number>): Int32Array {
  return Int32Array.from(rows).sort((a, b) => {
    const missingA = Number.isNaN(values[a]!);
    const missingB = Number.isNaN(values[b]!);
    if (missingA || missingB) return missingA === missingB ? a - b : missingA ? 1 : -1;
    return values[a]! - values[b]! || a - b;
  });
}

/**
 * Bins a feature on the given training rows; `bad` is 1 for bad, 0 for good. `sortedRows` must be
 * those same rows ordered by value (orderByValue), passed in when the caller already has them.
 */
export function binFeature(
  feature: string,
  values: ArrayLike<number>,
  bad: ArrayLike<number>,
  rows: ArrayLike<number>,
  options: BinningOptions = DEFAULT_BINNING,
  sortedRows: ArrayLike<number> = orderByValue(values, rows),
): FeatureBinning {
  const specials = new Map<number, Run>(options.specialValues.map((v) => [v, { first: 0, last: 0, count: 0, bads: 0 }]));
  const missing: Run = { first: 0, last: 0, count: 0, bads: 0 };
  const sorted = new Float64Array(sortedRows.length);
  const sortedBad = new Uint8Array(sortedRows.length);
  let n = 0;
  let levelCount = 0;
  for (let i = 0; i < sortedRows.length; i++) {
    const row = sortedRows[i]!;
    const x = values[row]!;
    const y = bad[row] === 1 ? 1 : 0;
    const tally = Number.isNaN(x) ? missing : specials.size === 0 ? undefined : specials.get(x);
    if (tally) {
      tally.count++;
      tally.bads += y;
      continue;
    }
    if (n === 0 || sorted[n - 1] !== x) levelCount++;
    sorted[n] = x;
    sortedBad[n] = y;
    n++;
  }
  const minCount = options.minBinShare * sortedRows.length;
  let bins: Bin[];
  let type: FeatureBinning['type'];
  let direction: FeatureBinning['direction'] = null;
  if (levelCount <= options.maxLevels) {
    type = 'categorical';
    const levels: number[] = [];
    const runs: Run[] = [];
    for (let i = 0; i < n; i++) {
      if (i === 0 || sorted[i - 1] !== sorted[i]) {
        runs.push({ first: levels.length, last: levels.length, count: 0, bads: 0 });
        levels.push(sorted[i]!);
      }
      tally(runs[runs.length - 1]!, sortedBad[i]!);
    }
    bins = mergeSmall(runs, minCount).map((r) => ({ rule: { kind: 'levels', values: levels.slice(r.first, r.last + 1) }, count: r.count, bads: r.bads }));
  } else {
    type = 'numeric';
    const cuts = quantileCuts(sorted.subarray(0, n), options.initialBins);
    const runs = Array.from({ length: cuts.length + 1 }, (_, i): Run => ({ first: i, last: i, count: 0, bads: 0 }));
    for (let i = 0, c = 0; i < n; i++) {
      while (c < cuts.length && sorted[i]! > cuts[c]!) c++;
      tally(runs[c]!, sortedBad[i]!);
    }
    direction = trend(runs);
    const monotonic = mergeSmall(poolViolators(runs.filter((r) => r.count > 0), direction), minCount);
    bins = monotonic.map((r) => ({
      rule: { kind: 'range', lower: r.first === 0 ? null : cuts[r.first - 1]!, upper: r.last === cuts.length ? null : cuts[r.last]! },
      count: r.count,
      bads: r.bads,
    }));
  }
  for (const [value, r] of specials) if (r.count > 0) bins.push({ rule: { kind: 'special', value }, count: r.count, bads: r.bads });
  if (missing.count > 0) bins.push({ rule: { kind: 'missing' }, count: missing.count, bads: missing.bads });
  return { feature, type, direction, bins };
}

function tally(run: Run, y: number): void {
  run.count++;
  run.bads += y;
}

/** The sign of the count-weighted covariance between a piece's position and its bad rate. */
function trend(runs: Run[]): 'up' | 'down' {
  const n = runs.reduce((s, r) => s + r.count, 0);
  if (n === 0) return 'up';
  const meanPos = runs.reduce((s, r, i) => s + r.count * i, 0) / n;
  const meanRate = runs.reduce((s, r) => s + r.bads, 0) / n;
  const cov = runs.reduce((s, r, i) => s + (r.count > 0 ? r.count * (i - meanPos) * (rate(r) - meanRate) : 0), 0);
  return cov >= 0 ? 'up' : 'down';
}

/**
 * Pool adjacent violators: merge neighbours until the bad rate strictly rises ('up') or falls
 * ('down') from bin to bin. Equal neighbours merge too, so every bin boundary separates risk.
 */
function poolViolators(runs: Run[], direction: 'up' | 'down'): Run[] {
  // Cross-multiplied so that equal rates compare equal whatever the float rounding.
  const violates = (a: Run, b: Run) => (direction === 'up' ? a.bads * b.count >= b.bads * a.count : a.bads * b.count <= b.bads * a.count);
  const stack: Run[] = [];
  for (const r of runs) {
    stack.push(r);
    while (stack.length >= 2 && violates(stack[stack.length - 2]!, stack[stack.length - 1]!)) {
      const b = stack.pop()!;
      stack.push(merge(stack.pop()!, b));
    }
  }
  return stack;
}

/**
 * Merges the smallest bin under `minCount` into the neighbour with the closer bad rate, until none
 * is left under it. Merging neighbours of a monotonic sequence keeps it monotonic.
 */
function mergeSmall(input: Run[], minCount: number): Run[] {
  const runs = input.filter((r) => r.count > 0);
  while (runs.length > 1) {
    let smallest = -1;
    runs.forEach((r, i) => {
      if (r.count < minCount && (smallest < 0 || r.count < runs[smallest]!.count)) smallest = i;
    });
    if (smallest < 0) break;
    const r = runs[smallest]!;
    const left = runs[smallest - 1];
    const right = runs[smallest + 1];
    const intoLeft = left !== undefined && (right === undefined || Math.abs(rate(left) - rate(r)) <= Math.abs(rate(right) - rate(r)));
    if (intoLeft) runs.splice(smallest - 1, 2, merge(left, r));
    else runs.splice(smallest, 2, merge(r, right!));
  }
  return runs;
}

/**
 * The bin a value falls in, or −1 when training saw nothing like it (a missing value or special
 * code absent from the training rows): such a value scores as neutral evidence. A categorical value
 * never seen in training goes with the nearest level seen (the lower one on a tie).
 */
export function binIndexer(binning: FeatureBinning): (x: number) => number {
  let missingIndex = -1;
  const specials = new Map<number, number>();
  const levelAt: { value: number; bin: number }[] = [];
  const uppers: number[] = [];
  binning.bins.forEach((b, i) => {
    const rule = b.rule;
    if (rule.kind === 'missing') missingIndex = i;
    else if (rule.kind === 'special') specials.set(rule.value, i);
    else if (rule.kind === 'levels') for (const value of rule.values) levelAt.push({ value, bin: i });
    else if (rule.upper !== null) uppers.push(rule.upper);
  });
  const regularCount = binning.bins.filter((b) => b.rule.kind === 'range' || b.rule.kind === 'levels').length;
  levelAt.sort((a, b) => a.value - b.value);
  const levelValues = levelAt.map((l) => l.value);
  return (x: number) => {
    if (Number.isNaN(x)) return missingIndex;
    const special = specials.get(x);
    if (special !== undefined) return special;
    if (regularCount === 0) return -1;
    if (binning.type === 'numeric') return binOf(uppers, x);
    const above = binOf(levelValues, x);
    if (above === levelAt.length) return levelAt[above - 1]!.bin;
    if (levelValues[above] === x || above === 0) return levelAt[above]!.bin;
    return x - levelValues[above - 1]! <= levelValues[above]! - x ? levelAt[above - 1]!.bin : levelAt[above]!.bin;
  };
}

/** How a bin reads in a table or a model card. */
export function binLabel(rule: BinRule): string {
  switch (rule.kind) {
    case 'missing':
      return 'missing';
    case 'special':
      return `= ${rule.value}`;
    case 'levels':
      return rule.values.length === 1 ? `= ${rule.values[0]}` : `{${rule.values.join(', ')}}`;
    case 'range':
      if (rule.lower === null && rule.upper === null) return 'all';
      if (rule.lower === null) return `≤ ${rule.upper}`;
      if (rule.upper === null) return `> ${rule.lower}`;
      return `(${rule.lower}, ${rule.upper}]`;
  }
}

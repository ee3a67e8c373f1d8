/**
 * Points with PDO scaling: score = offset + factor · ln(odds of good), where the odds double every
 * `pdo` points and stand at `baseOdds`:1 good to bad at `baseScore`. The model gives the log-odds
 * of bad, b0 + Σ bⱼ·WoEⱼ, so a bin's points are −factor·(bⱼ·WoE + b0/k) + offset/k for k features:
 * the points of a loan's bins add up to its score.
 */
export interface Scaling {
  baseScore: number;
  baseOdds: number;
  pdo: number;
}

export const DEFAULT_SCALING: Scaling = { baseScore: 600, baseOdds: 50, pdo: 20 };

export function scalingConstants(s: Scaling): { factor: number; offset: number } {
  const factor = s.pdo / Math.LN2;
  return { factor, offset: s.baseScore - factor * Math.log(s.baseOdds) };
}

/** The score for a log-odds of bad. */
export function scoreOf(logOddsBad: number, s: Scaling = DEFAULT_SCALING): number {
  const { factor, offset } = scalingConstants(s);
  return offset - factor * logOddsBad;
}

/** A bin's points: its share of the intercept and offset plus its own evidence. */
export function binPoints(coefficient: number, woe: number, intercept: number, featureCount: number, s: Scaling = DEFAULT_SCALING): number {
  const { factor, offset } = scalingConstants(s);
  return -factor * (coefficient * woe + intercept / featureCount) + offset / featureCount;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

/** The lowest score of each grade, best first; the last grade takes every score below (minScore null). */
export interface GradeCut {
  grade: Grade;
  minScore: number | null;
}

/**
 * At 600 / 50:1 / 20 these read as bad odds of about 2% (A), 7% (B), 24% (C) and 56% (D) at the
 * lower edge of each grade.
 */
export const DEFAULT_GRADES: readonly GradeCut[] = [
  { grade: 'A', minScore: 600 },
  { grade: 'B', minScore: 560 },
  { grade: 'C', minScore: 520 },
  { grade: 'D', minScore: 480 },
  { grade: 'E', minScore: null },
];

export function gradeOf(score: number, cuts: readonly GradeCut[] = DEFAULT_GRADES): Grade {
  for (const cut of cuts) if (cut.minScore === null || score >= cut.minScore) return cut.grade;
  throw new RangeError('grade cut-offs must end with a grade whose minScore is null');
}

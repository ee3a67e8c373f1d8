import { binIndexer, type FeatureBinning } from './binning.js';
import type { ModelCard } from './model-card.js';
import { type Grade, gradeOf } from './points.js';

/**
 * Scoring a loan with a stored model card, as a person would with the printed card: find each
 * feature's bin, add up the bins' whole points. The card is the model: what close of business
 * scores with is exactly what the risk officer approved, whatever the training code becomes later.
 */
export interface CardScore {
  score: number;
  grade: Grade;
  /** Each feature's points, in the card's feature order: the explanation of the score. */
  points: { feature: string; value: number | null; bin: string; points: number }[];
}

export type FeatureValues = Readonly<Record<string, number | null | undefined>>;

/** The card's bins as indexers, built once per card rather than once per loan. */
export function cardScorer(card: Pick<ModelCard, 'features' | 'grades'>): (values: FeatureValues) => CardScore {
  const features = card.features.map((f) => {
    const binning: FeatureBinning = { feature: f.name, type: f.type, direction: f.direction, bins: f.bins.map((b) => ({ rule: b.rule, count: b.count, bads: b.bads })) };
    return { card: f, index: binIndexer(binning) };
  });
  return (values) => {
    let score = 0;
    const points = features.map(({ card: f, index }) => {
      const raw = values[f.name];
      const value = raw === undefined || raw === null || !Number.isFinite(raw) ? null : raw;
      const b = index(value ?? NaN);
      // a value training never saw (missing with no missing bin) scores as neutral evidence
      const p = b < 0 ? f.unseenPoints : f.bins[b]!.points;
      score += p;
      return { feature: f.name, value, bin: b < 0 ? 'unseen' : f.bins[b]!.label, points: p };
    });
    return { score, grade: gradeOf(score, card.grades), points };
  };
}

/** The score bands of the distribution chart: 20 points wide (one PDO at the default scaling). */
export const SCORE_BAND_WIDTH = 20;

/** The lower edge of a score's band. */
export function scoreBand(score: number, width = SCORE_BAND_WIDTH): number {
  return Math.floor(score / width) * width;
}

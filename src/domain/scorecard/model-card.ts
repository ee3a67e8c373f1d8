import { createHash } from 'node:crypto';
import { type BinRule, binLabel } from './binning.js';
import { DEFAULT_GRADES, type GradeCut, type Scaling } from './points.js';
import type { Evaluation, LeftOutFeature, TrainOptions, TrainReport } from './train.js';

/**
 * What a trained scorecard is, in one JSON document: enough to score a loan by hand (bins and
 * points), to check the model against its data (the training file's SHA-256) and to compare it
 * with the champion (metrics). Approval as champion is recorded elsewhere, against the version.
 */
export interface ModelCard {
  schema: 'daihou.scorecard/1';
  /** A content address: the same data, options and fit give the same version on any machine. */
  version: string;
  target: string;
  trainingData: { file: string; sha256: string; rows: number; trainRows: number; holdoutFrom: number | null };
  options: { binning: TrainOptions['binning']; minIv: number; smoothing: number; l2: number; folds: number };
  scaling: Scaling;
  grades: readonly GradeCut[];
  intercept: number;
  features: CardFeature[];
  leftOut: LeftOutFeature[];
  metrics: { train: Evaluation; cvAuc: number; foldAucs: number[]; holdout: Evaluation | null };
}

export interface CardFeature {
  name: string;
  type: 'numeric' | 'categorical';
  direction: 'up' | 'down' | null;
  iv: number;
  coefficient: number;
  /** Points for a missing value or special code that training never saw. */
  unseenPoints: number;
  bins: { label: string; rule: BinRule; count: number; bads: number; badRate: number; woe: number; points: number }[];
}

export interface CardInput {
  target: string;
  /** The file name as given, for people; the hash is what identifies the data. */
  file: string;
  sha256: string;
  rows: number;
  options: TrainOptions;
  grades?: readonly GradeCut[];
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** Points are printed whole, as a card is read; the metrics come from the unrounded model. */
export function modelCard(report: TrainReport, input: CardInput): ModelCard {
  const { scorecard, holdoutFrom } = report;
  const content: Omit<ModelCard, 'version'> = {
    schema: 'daihou.scorecard/1',
    target: input.target,
    trainingData: { file: input.file, sha256: input.sha256, rows: input.rows, trainRows: report.train.rows, holdoutFrom },
    options: { binning: input.options.binning, minIv: input.options.minIv, smoothing: input.options.smoothing, l2: input.options.logistic.l2, folds: input.options.folds },
    scaling: scorecard.scaling,
    grades: input.grades ?? DEFAULT_GRADES,
    intercept: scorecard.intercept,
    features: scorecard.features.map((f) => ({
      name: f.name,
      type: f.binning.type,
      direction: f.binning.direction,
      iv: round(f.iv, 6),
      coefficient: f.coefficient,
      unseenPoints: Math.round(f.unseenPoints),
      bins: f.binning.bins.map((b, i) => ({ label: binLabel(b.rule), rule: b.rule, count: b.count, bads: b.bads, badRate: round(b.bads / b.count, 6), woe: f.woe[i]!, points: Math.round(f.points[i]!) })),
    })),
    leftOut: scorecard.leftOut.map((l) => ({ ...l, iv: round(l.iv, 6) })),
    metrics: { train: report.train, cvAuc: report.cv.auc, foldAucs: report.cv.foldAucs, holdout: report.holdout },
  };
  // The file's name is left out of the address: the same bytes under another name are the same data.
  const addressed = { ...content, trainingData: { ...content.trainingData, file: undefined } };
  const version = `sc-${createHash('sha256').update(JSON.stringify(addressed)).digest('hex').slice(0, 12)}`;
  const { schema, ...rest } = content;
  return { schema, version, ...rest };
}

import { z } from '@hono/zod-openapi';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const grade = z.enum(['A', 'B', 'C', 'D', 'E']);

export const TrainBody = z
  .object({ asOf: isoDate.openapi({ description: 'a past month end whose six following month ends the book already has', example: '2025-06-30' }) })
  .strict()
  .openapi('ScoreModelTrain');

export const ApproveBody = z.object({ note: z.string().trim().min(2).max(500).optional() }).strict().openapi('ScoreModelApprove');

export const ModelSummaryView = z
  .object({
    id: z.number().int(),
    version: z.string(),
    status: z.enum(['draft', 'champion', 'retired']),
    target: z.string(),
    trainingSha256: z.string(),
    trainedAsOf: z.string().nullable(),
    features: z.array(z.string()),
    metrics: z.object({ auc: z.number(), ks: z.number(), gini: z.number(), cvAuc: z.number(), rows: z.number().int(), bads: z.number().int() }),
    registeredBy: z.string(),
    registeredAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    approvalNote: z.string().nullable(),
    retiredAt: z.string().nullable(),
  })
  .openapi('ScoreModel');

const BinRuleView = z.union([
  z.object({ kind: z.literal('range'), lower: z.number().nullable(), upper: z.number().nullable() }),
  z.object({ kind: z.literal('levels'), values: z.array(z.number()) }),
  z.object({ kind: z.literal('special'), value: z.number() }),
  z.object({ kind: z.literal('missing') }),
]);

const Evaluation = z.object({ rows: z.number().int(), bads: z.number().int(), auc: z.number(), ks: z.number(), gini: z.number() });

export const ModelCardView = z
  .object({
    schema: z.string(),
    version: z.string(),
    target: z.string(),
    trainingData: z.object({ file: z.string(), sha256: z.string(), rows: z.number().int(), trainRows: z.number().int(), holdoutFrom: z.number().int().nullable() }),
    scaling: z.object({ baseScore: z.number(), baseOdds: z.number(), pdo: z.number() }),
    grades: z.array(z.object({ grade, minScore: z.number().nullable() })),
    intercept: z.number(),
    features: z.array(
      z.object({
        name: z.string(),
        type: z.enum(['numeric', 'categorical']),
        direction: z.enum(['up', 'down']).nullable(),
        iv: z.number(),
        coefficient: z.number(),
        unseenPoints: z.number(),
        bins: z.array(z.object({ label: z.string(), rule: BinRuleView, count: z.number().int(), bads: z.number().int(), badRate: z.number(), woe: z.number(), points: z.number() })),
      }),
    ),
    leftOut: z.array(z.object({ name: z.string(), iv: z.number(), reason: z.enum(['low-iv', 'sign']) })),
    metrics: z.object({ train: Evaluation, cvAuc: z.number(), foldAucs: z.array(z.number()), holdout: Evaluation.nullable() }),
  })
  .passthrough()
  .openapi('ScoreModelCard');

export const ModelDetailView = ModelSummaryView.extend({ card: ModelCardView }).openapi('ScoreModelDetail');

export const TrainReply = z.object({ model: ModelSummaryView, created: z.boolean(), rows: z.number().int(), bads: z.number().int() }).openapi('ScoreModelTrained');

export const DistributionQuery = z.object({ branchId: z.coerce.number().int().positive().optional() });

export const DistributionView = z
  .object({
    asOf: z.string().nullable(),
    model: z.object({ id: z.number().int(), version: z.string() }).nullable(),
    bandWidth: z.number().int(),
    total: z.number().int(),
    byGrade: z.array(z.object({ grade, count: z.number().int() })),
    byBand: z.array(z.object({ band: z.number().int(), count: z.number().int() })),
    /** one row per branch, grade and band: the figures above summed, and what the branch filter reads */
    items: z.array(z.object({ branchCode: z.string(), grade, band: z.number().int(), count: z.number().int() })),
  })
  .openapi('ScoreDistribution');

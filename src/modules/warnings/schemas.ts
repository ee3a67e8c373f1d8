import { z } from '@hono/zod-openapi';
import { COLLECTION_STEP_ACTIONS, FOLLOWUP_CHANNELS, STEP_ROLES } from '../../domain/warnings/action.js';
import { SEVERITIES, THRESHOLD_OPS } from '../../domain/warnings/indicator.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

const withinDays = z.number().int().min(0).max(30).openapi({ description: 'days from the warning opening to the task falling due' });
export const ActionBody = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('followup'), channel: z.enum(FOLLOWUP_CHANNELS), withinDays }).strict(),
    z.object({ kind: z.literal('collection_step'), action: z.enum(COLLECTION_STEP_ACTIONS), forRole: z.enum(STEP_ROLES), withinDays }).strict(),
  ])
  .openapi('WarningIndicatorAction', { description: 'started when a warning of the indicator opens: a follow-up task, or a task on the loan’s open collection case (skipped when none is open)' });

export const IndicatorBody = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/).openapi({ example: 'ltv-breach' }),
    nameZh: z.string().trim().min(1).max(100).openapi({ example: '抵押率超限' }),
    nameEn: z.string().trim().min(1).max(100).openapi({ example: 'LTV above the product threshold' }),
    expression: z.string().trim().min(1).max(2000).openapi({ description: 'over the features of GET /api/v1/warning-features: numbers, feature names, + - * / (× ÷), < <= > >= = !=, and, or, not, parentheses', example: 'ltv_bp >= ltv_threshold_bp and dpd > 0' }),
    threshold: z.object({ op: z.enum(THRESHOLD_OPS), value: z.number() }).strict().nullable().default(null).openapi({ description: 'for an expression that gives a number: it fires when `value op threshold`' }),
    severity: z.enum(SEVERITIES),
    products: z.array(z.string().min(1)).default([]).openapi({ description: 'empty: every product' }),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable().default(null),
    action: ActionBody.nullable().default(null),
  })
  .strict();

export const IndicatorPost = IndicatorBody.extend({ reason: z.string().trim().min(2).max(500) }).strict().openapi('WarningIndicatorPost');

export const IndicatorView = IndicatorBody.extend({ id: z.number().int(), version: z.number().int(), reason: z.string(), createdBy: z.string(), createdAt: z.string() }).openapi('WarningIndicator');

export const CheckReply = z
  .object({
    ok: z.boolean(),
    kind: z.enum(['boolean', 'number']).optional(),
    reads: z.array(z.string()).optional(),
    problems: z.array(z.object({ field: z.string(), at: z.number().int().optional(), zh: z.string(), en: z.string() })).optional(),
  })
  .openapi('WarningIndicatorCheck');

export const FeatureView = z.object({ name: z.string(), type: z.enum(['number', 'boolean']), zh: z.string(), en: z.string(), source: z.string() }).openapi('WarningFeature');

export const WarningView = z
  .object({
    id: z.number().int(),
    indicator: z.string(),
    indicatorVersion: z.number().int(),
    nameZh: z.string(),
    nameEn: z.string(),
    loanId: z.number().int(),
    loanExternalId: z.string(),
    branchCode: z.string(),
    severity: z.enum(SEVERITIES),
    raisedOn: z.string(),
    lastTrueOn: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    actionResult: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'what the opening started ({kind, taskId}) or why nothing ({skipped})' }),
  })
  .openapi('Warning');

export const InboxQuery = z.object({
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  severity: z.enum(SEVERITIES).optional(),
  indicator: z.string().max(40).optional(),
  loanId: z.coerce.number().int().positive().optional(),
});

export const MoveReply = z
  .object({
    id: z.number().int(),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    history: z.array(z.object({ action: z.string(), note: z.string().nullable(), by: z.string(), at: z.string() })),
  })
  .openapi('WarningMove');

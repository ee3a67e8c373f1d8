import { z } from '@hono/zod-openapi';
import { Reason } from '../../api/schemas.js';

export const Terms = z
  .object({
    extensionMonths: z.number().int().min(1).max(120).optional().openapi({ description: '展期: months added to the remaining term' }),
    newTermMonths: z.number().int().min(1).max(600).optional().openapi({ description: 're-amortise over this many months from the next due date' }),
    rateReduction: z.object({ annualRate: z.string().regex(/^\d(\.\d{1,10})?$/), periods: z.number().int().min(1).nullable() }).strict().optional().openapi({ description: '减息: a lower annual rate for n installments, or for good (null)' }),
    holiday: z.object({ months: z.number().int().min(1).max(24), capitalise: z.boolean() }).strict().optional(),
    capitaliseArrears: z.boolean().optional(),
    waivePenalty: z.union([z.literal('all'), z.object({ fen: z.number().int().positive() }).strict()]).optional().openapi({ description: '罚息减免: all, or an amount in fen' }),
  })
  .strict()
  .openapi('RestructureTerms');

export const PreviewBody = z.object({ terms: Terms }).strict().openapi('RestructurePreviewRequest');

export const RequestBody = z
  .object({ terms: Terms, hardshipAssessmentId: z.number().int().positive(), reason: Reason, positionHash: z.string().optional().openapi({ description: 'from the preview: refused if the loan has changed since' }) })
  .strict()
  .openapi('RestructureRequest');

export const DecisionBody = z.object({ reason: Reason }).strict().openapi('RestructureDecision');

const Row = z.object({ seq: z.number().int(), dueDate: z.string(), principalFen: z.number().int(), interestFen: z.number().int(), paymentFen: z.number().int(), balanceAfterFen: z.number().int() });

export const Preview = z
  .object({
    loanId: z.number().int(),
    effectiveOn: z.string(),
    positionHash: z.string(),
    position: z.record(z.string(), z.unknown()),
    oldSchedule: z.array(Row),
    newSchedule: z.array(Row).nullable().openapi({ description: 'null: only 罚息 is waived, the schedule stays' }),
    capitalised: z.object({ principalFen: z.number().int(), interestFen: z.number().int(), holidayInterestFen: z.number().int() }),
    waivedPenaltyFen: z.number().int(),
    comparison: z.record(z.string(), z.unknown()),
    size: z.object({ waivedFen: z.number().int(), extraMonths: z.number().int() }),
  })
  .openapi('RestructurePreview');

export const Restructuring = z
  .object({
    id: z.number().int(),
    loanId: z.number().int(),
    loanExternalId: z.string(),
    branchCode: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    effectiveOn: z.string(),
    terms: z.unknown(),
    comparison: z.unknown(),
    waivedFen: z.number().int(),
    extraMonths: z.number().int(),
    reason: z.string(),
    requestedBy: z.string(),
    decidedBy: z.string().nullable(),
    decidedOn: z.string().nullable(),
    decisionReason: z.string().nullable(),
    fromVersion: z.number().int().nullable(),
    toVersion: z.number().int().nullable(),
    observed: z.boolean(),
    observationStart: z.string().nullable(),
    observationEarliestEnd: z.string().nullable(),
    observationMissed: z.array(z.string()),
    observationEndedOn: z.string().nullable(),
    classFloor: z.enum(['special_mention', 'substandard']).nullable(),
    stageFloor: z.literal(2).nullable(),
  })
  .openapi('Restructuring');

export const HardshipBody = z
  .object({
    cause: z.enum(['job_loss', 'illness', 'business_downturn', 'accident', 'disaster']),
    evidence: z.array(z.string().min(1).max(500)).max(50).default([]).openapi({ description: 'references to documents (hospital record, termination letter, ...)' }),
    incomeNowFen: z.number().int().min(0),
    incomeAtApplicationFen: z.number().int().min(0).optional().openapi({ description: 'default: the borrower\'s declared monthly income at application' }),
    willingness: z.enum(['strong', 'some', 'none']),
    newBorrowingDeclared: z.boolean().default(false),
  })
  .strict()
  .openapi('HardshipAssessmentRequest');

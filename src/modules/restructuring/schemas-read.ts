import { z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/access.js';
import { Reason } from '../../api/schemas.js';
import { DateString } from '../loans/schemas.js';
import { Restructuring } from './schemas.js';

const Fen = z.number().int();
const Row = z.object({ seq: z.number().int(), dueDate: z.string(), principalFen: Fen, interestFen: Fen, paymentFen: Fen, balanceAfterFen: Fen }).openapi('RestructuringScheduleRow');
const Flag = z.object({ code: z.string(), zh: z.string(), en: z.string() });

const ApproverView = z
  .object({
    ok: z.boolean(),
    code: z.enum(['same-person', 'no-authority', 'over-limit']).nullable(),
    role: z.string().nullable().openapi({ description: 'the role the caller would approve under' }),
    maxWaivedFen: Fen.nullable(),
    maxExtraMonths: z.number().int().nullable(),
  })
  .openapi('RestructuringApproverView');

const QuotaView = z
  .object({ month: z.string(), maxCount: z.number().int().nullable(), maxWaivedFen: Fen.nullable(), usedCount: z.number().int(), usedWaivedFen: Fen, ok: z.boolean().openapi({ description: 'false: approving would pass the branch\'s monthly quota' }) })
  .openapi('RestructuringQuotaView');

export const InboxItem = z
  .object({
    id: z.number().int(),
    loanId: z.number().int(),
    loanExternalId: z.string(),
    branchCode: z.string(),
    effectiveOn: z.string(),
    terms: z.unknown(),
    comparison: z.record(z.string(), z.unknown()),
    waivedFen: Fen.openapi({ description: '罚息 and interest given away: measured against the approver\'s limit' }),
    extraMonths: z.number().int().openapi({ description: 'months the maturity moves: measured against the approver\'s limit' }),
    reason: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    wasNonPerforming: z.boolean(),
    cause: z.string().nullable(),
    flags: z.array(Flag),
    approver: ApproverView,
    quota: QuotaView,
  })
  .openapi('RestructuringInboxItem');

// unnamed in the OpenAPI document: a named schema made nullable (RestructuringDetail) would turn the named one nullable everywhere
export const Assessment = z.object({
  id: z.number().int(),
  cause: z.string(),
  evidence: z.array(z.string()),
  incomeNowFen: Fen,
  incomeAtApplicationFen: Fen.nullable(),
  willingness: z.string(),
  newBorrowingDeclared: z.boolean(),
  eligible: z.boolean(),
  suggested: z.array(z.string()),
  flags: z.array(Flag),
  assessedOn: z.string(),
  recordedBy: z.string(),
});

export const RestructuringDetail = Restructuring.extend({
  assessment: Assessment.nullable(),
  stale: z.boolean().openapi({ description: 'pending, and the loan moved since the request: approval would refuse it' }),
  oldSchedule: z.array(Row).nullable(),
  newSchedule: z.array(Row).nullable(),
  pending: z.object({ approver: ApproverView, quota: QuotaView }).nullable(),
}).openapi('RestructuringDetail');

export const LoanRestructuringHistory = z
  .object({
    currentVersion: z.number().int(),
    assessments: z.array(Assessment),
    restructurings: z.array(Restructuring),
    versions: z.array(
      z.object({
        version: z.number().int(),
        previousVersion: z.number().int().nullable(),
        cause: z.string().openapi({ description: 'origination, prepayment or restructuring' }),
        option: z.string().nullable(),
        createdAt: z.string().nullable(),
        withdrawn: z.boolean(),
        current: z.boolean(),
        installments: z.array(Row),
      }),
    ),
  })
  .openapi('LoanRestructuringHistory');

export const RestructuredQuery = z.object({
  branchId: z.coerce.number().int().positive().optional(),
  include: z.enum(['observed', 'all']).default('observed').openapi({ description: 'observed: under observation now; all: with those whose period was served' }),
});

const Group = z.object({ count: z.number().int(), principalFen: Fen, overdueFen: Fen });
export const RestructuredReport = z
  .object({
    asOf: z.string(),
    summary: z.object({ restructured: Group.openapi({ description: 'active loans under a restructuring\'s observation' }), rest: Group }),
    items: z.array(
      z.object({
        restructuringId: z.number().int(),
        loanId: z.number().int(),
        loanExternalId: z.string(),
        branchCode: z.string(),
        options: z.array(z.enum(['extension', 'rateReduction', 'holiday', 'reamortise', 'capitaliseArrears', 'waivePenalty'])),
        terms: z.unknown(),
        effectiveOn: z.string(),
        decidedOn: z.string(),
        decidedBy: z.string().nullable(),
        waivedFen: Fen,
        extraMonths: z.number().int(),
        oldMaturity: z.string().nullable(),
        newMaturity: z.string().nullable(),
        fromVersion: z.number().int().nullable(),
        toVersion: z.number().int().nullable(),
        observed: z.boolean(),
        observationStart: z.string().nullable(),
        observationEarliestEnd: z.string().nullable(),
        observationMissed: z.array(z.string()),
        observationEndedOn: z.string().nullable(),
        classFloor: z.enum(['special_mention', 'substandard']).nullable(),
        stageFloor: z.literal(2).nullable(),
        status: z.object({ asOf: z.string(), dpd: z.number().int(), bucket: z.string(), riskClass: z.string(), stage: z.number().int(), outstandingPrincipalFen: Fen }).nullable(),
      }),
    ),
  })
  .openapi('RestructuredLoansReport');

const State = z.enum(['in_force', 'scheduled', 'superseded']);
export const Limits = z
  .object({
    asOf: z.string(),
    month: z.string(),
    authority: z.array(z.object({ id: z.number().int(), role: z.string(), maxWaivedFen: Fen, maxExtraMonths: z.number().int(), effectiveFrom: z.string(), reason: z.string(), setBy: z.string(), createdAt: z.string(), state: State })),
    quotaVersions: z.array(z.object({ id: z.number().int(), branchId: z.number().int(), branchCode: z.string(), maxCount: z.number().int(), maxWaivedFen: Fen, effectiveFrom: z.string(), reason: z.string(), setBy: z.string(), createdAt: z.string(), state: State })),
    branches: z.array(
      z.object({
        branchId: z.number().int(),
        branchCode: z.string(),
        kind: z.string(),
        maxCount: z.number().int().nullable(),
        maxWaivedFen: Fen.nullable(),
        setOnBranchCode: z.string().nullable().openapi({ description: 'where the quota in force was set: this branch, or the ancestor it is inherited from' }),
        inherited: z.boolean(),
        usedCount: z.number().int(),
        usedWaivedFen: Fen,
      }),
    ),
  })
  .openapi('RestructuringLimits');

const EffectiveFrom = DateString.optional().openapi({ description: 'the first business date it applies to (default: the business date; never earlier)' });

export const RoleParam = z.object({ role: z.enum(ROLES).openapi({ param: { name: 'role', in: 'path' }, example: 'branch_manager' }) });
export const BranchParam = z.object({ branchId: z.coerce.number().int().positive().openapi({ param: { name: 'branchId', in: 'path' }, example: 2 }) });

export const AuthorityPut = z
  .object({ maxWaivedFen: Fen.min(0).max(Number.MAX_SAFE_INTEGER), maxExtraMonths: z.number().int().min(0).max(120), effectiveFrom: EffectiveFrom, reason: Reason })
  .strict()
  .openapi('RestructuringAuthorityPut');

export const QuotaPut = z
  .object({ maxCount: z.number().int().min(0).max(100_000), maxWaivedFen: Fen.min(0).max(Number.MAX_SAFE_INTEGER), effectiveFrom: EffectiveFrom, reason: Reason })
  .strict()
  .openapi('RestructuringQuotaPut');

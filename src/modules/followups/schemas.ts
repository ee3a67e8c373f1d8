import { z } from '@hono/zod-openapi';
import { Reason } from '../../api/schemas.js';
import { isBusinessDate } from '../../domain/business-date.js';
import { CHANNELS, ITEMS } from '../../domain/followups/checklist.js';
import { BranchOverrideSchema, PolicySchema } from '../../domain/followups/policy.js';

/** Request and response shapes of the follow-up routes (the OpenAPI document is generated from them). */
export const DateString = z.string().refine(isBusinessDate, { message: 'must be a calendar date YYYY-MM-DD' });
const Verdict = z.enum(['matches', 'differs', 'could_not_verify']);
const Item = z.enum(ITEMS);

export const BranchQuery = z.object({
  branchId: z.coerce.number().int().positive().openapi({ param: { name: 'branchId', in: 'query' }, example: 2 }),
  date: DateString.optional().openapi({ description: 'default: the business date' }),
});

// the domain's schemas come from plain zod: rebuilt here from their shapes to carry OpenAPI names
export const PolicyDocument = z.object(PolicySchema.shape).strict().openapi('FollowUpPolicy');

const Source = z
  .object({ from: z.enum(['head_office', 'branch']), version: z.number().int().optional(), branchId: z.number().int().optional(), branchCode: z.string().optional(), overrideId: z.number().int().optional() })
  .openapi('FollowUpPolicySource');

export const EffectivePolicyView = z
  .object({
    branchId: z.number().int(),
    asOf: z.string(),
    headOfficeVersion: z.number().int(),
    policy: PolicyDocument,
    sources: z.array(z.object({ path: z.string(), value: z.unknown(), source: Source })).openapi({ description: 'each value of the policy and where it came from' }),
    ignored: z.array(z.object({ path: z.string(), branchCode: z.string(), overrideId: z.number().int(), zh: z.string(), en: z.string() })).openapi({ description: 'override fields laxer than a newer head-office version: not applied' }),
  })
  .openapi('EffectiveFollowUpPolicy');

export const PublishPolicyBody = z
  .object(PolicySchema.omit({ version: true, effectiveFrom: true }).shape)
  .extend({ effectiveFrom: DateString.optional(), reason: Reason })
  .strict()
  .openapi('FollowUpPolicyPublish');

export const OverrideBody = z.object({ override: BranchOverrideSchema, effectiveFrom: DateString.optional(), reason: Reason }).strict().openapi('FollowUpPolicyOverridePost');

export const TaskView = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    trigger: z.string().nullable(),
    item: z.string().nullable(),
    channel: z.enum(CHANNELS),
    fieldReasons: z.array(z.string()),
    dueOn: z.string(),
    doneBy: z.string(),
    loanId: z.number().int(),
    loanExternalId: z.string(),
    borrowerName: z.string().openapi({ description: 'masked' }),
    branchCode: z.string(),
  })
  .openapi('FollowUpTask');

export const FormView = z
  .object({
    task: z.object({
      id: z.number().int(),
      kind: z.string(),
      trigger: z.string().nullable(),
      item: z.string().nullable(),
      channel: z.enum(CHANNELS),
      fieldReasons: z.array(z.string()),
      dueOn: z.string(),
      doneBy: z.string(),
      status: z.string(),
      loanId: z.number().int(),
      loanExternalId: z.string(),
      borrowerName: z.string(),
    }),
    asOf: z.string(),
    revealed: z.boolean(),
    items: z.array(
      z.object({
        item: Item,
        fileValue: z.string().nullable().openapi({ description: "the file's current value (masked unless revealed); monthly_income in yuan" }),
        choices: z.array(z.string()).nullable(),
        factKind: z.string().nullable(),
        needsEvidence: z.boolean(),
      }),
    ),
  })
  .openapi('FollowUpForm');

const Evidence = z.object({ photos: z.array(z.string().min(1).max(500)).max(20), lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();

export const CompleteBody = z
  .object({
    answers: z
      .array(z.object({ item: Item, heard: z.string().max(500).nullable(), verdict: Verdict.optional().openapi({ description: 'default: suggested from the file value and what was heard' }), evidence: Evidence.optional() }).strict())
      .min(1)
      .max(ITEMS.length * 2),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .openapi('FollowUpComplete');

const DerivedShape = z.object({ facts: z.array(z.unknown()), verified: z.array(z.unknown()), flags: z.array(z.unknown()), tasks: z.array(z.unknown()) });
const Applied = z.object({ facts: z.array(z.unknown()), factsSkipped: z.array(z.unknown()), flagsRaised: z.array(z.number()), flagsCleared: z.array(z.number()), tasksAdded: z.array(z.number()), tasksCancelled: z.array(z.number()) });

export const CompletedView = z
  .object({ followUpId: z.number().int(), completedOn: z.string(), hasDiscrepancy: z.boolean(), unreachable: z.boolean(), derived: DerivedShape, applied: Applied })
  .openapi('FollowUpCompleted');

export const AmendmentBody = z
  .object({
    source: z.enum(['agent', 'qa', 'complaint']).openapi({ description: 'complaint: a borrower says the record is wrong' }),
    changes: z.array(z.object({ item: Item, heard: z.string().max(500).nullable(), verdict: Verdict.optional() }).strict()).min(1).max(ITEMS.length),
    reason: Reason,
  })
  .strict()
  .openapi('FollowUpAmendmentPost');

export const AmendmentView = z
  .object({
    id: z.number().int(),
    followUpId: z.number().int(),
    status: z.enum(['pending', 'applied', 'approved', 'rejected']),
    version: z.number().int().nullable(),
    correctsVersion: z.number().int(),
    needsApproval: z.boolean(),
    effect: z.object({ retract: DerivedShape, add: DerivedShape }),
    applied: Applied.nullable(),
  })
  .openapi('FollowUpAmendment');

export const DecisionBody = z.object({ reason: Reason.optional() }).strict();
export const RejectBody = z.object({ reason: Reason }).strict();

export const DecisionView = z
  .object({ id: z.number().int(), followUpId: z.number().int(), status: z.enum(['approved', 'rejected']), version: z.number().int().nullable(), decidedBy: z.string(), decidedOn: z.string(), decidedAt: z.string(), applied: Applied.nullable() })
  .openapi('FollowUpAmendmentDecision');

export const RevealQuery = z.object({ reveal: z.enum(['true', 'false']).default('false') });

export const HistoryView = z
  .object({
    followUpId: z.number().int(),
    loanId: z.number().int(),
    loanExternalId: z.string(),
    kind: z.string(),
    channel: z.string(),
    revealed: z.boolean(),
    currentVersion: z.number().int(),
    original: z.record(z.string(), z.unknown()),
    amendments: z.array(z.record(z.string(), z.unknown())),
    flags: z.array(z.record(z.string(), z.unknown())),
    facts: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('FollowUpHistory');

export const PendingAmendmentsView = z.object({ items: z.array(z.record(z.string(), z.unknown())) });

export const QaListQuery = z.object({ status: z.enum(['open', 'scored']).default('open') });
export const QaListView = z.object({ items: z.array(z.record(z.string(), z.unknown())) });

export const ScoreBody = z
  .object({
    scores: z
      .array(
        z
          .object({
            item: Item,
            correct: z.boolean(),
            note: z.string().max(500).optional(),
            shouldBe: z.object({ heard: z.string().max(500).nullable(), verdict: Verdict.optional() }).strict().optional().openapi({ description: 'the right answer, when known: becomes an amendment' }),
          })
          .strict(),
      )
      .min(1)
      .max(ITEMS.length),
    reason: Reason.optional(),
  })
  .strict()
  .openapi('QaScore');

export const ScoreView = z.object({ id: z.number().int(), followUpId: z.number().int(), errorCount: z.number().int(), amendment: AmendmentView.nullable() }).openapi('QaScored');

export const KpiQuery = z.object({
  branchId: z.coerce.number().int().positive(),
  from: DateString,
  to: DateString,
});

const KpiRowSchema = z.object({
  branchId: z.number().int(),
  branchCode: z.string(),
  agentUserId: z.number().int().nullable(),
  agentName: z.string().nullable(),
  due: z.number().int(),
  done: z.number().int(),
  doneWithinSla: z.number().int(),
  completed: z.number().int(),
  discrepancies: z.number().int(),
  unreachable: z.number().int(),
  corrected: z.number().int(),
  qaScored: z.number().int(),
  qaWithErrors: z.number().int(),
  slaRate: z.number().nullable(),
  discrepancyRate: z.number().nullable(),
  unreachableRate: z.number().nullable(),
  correctionRate: z.number().nullable(),
  qaErrorRate: z.number().nullable(),
});

export const KpiView = z.object({ from: z.string(), to: z.string(), total: KpiRowSchema, branches: z.array(KpiRowSchema), agents: z.array(KpiRowSchema) }).openapi('FollowUpKpis');

export const LoanFollowUpView = z
  .object({
    taskId: z.number().int(),
    kind: z.string(),
    trigger: z.string().nullable(),
    item: z.string().nullable(),
    channel: z.enum(CHANNELS),
    dueOn: z.string(),
    doneBy: z.string(),
    status: z.enum(['open', 'done', 'cancelled']),
    closedOn: z.string().nullable(),
    doneByFollowUpId: z.number().int().nullable(),
    cancelledReason: z.string().nullable(),
    assignee: z.string().nullable(),
    followUp: z
      .object({
        id: z.number().int(),
        completedOn: z.string(),
        agent: z.string(),
        hasDiscrepancy: z.boolean(),
        unreachable: z.boolean(),
        versions: z.number().int().openapi({ description: 'the original and each amendment in effect' }),
        pendingAmendments: z.number().int(),
      })
      .nullable(),
  })
  .openapi('LoanFollowUp');

import { z } from '@hono/zod-openapi';
import { isBusinessDate } from '../../domain/business-date.js';
import { CHANNELS, HOLD_KINDS, PARTIES, PURPOSES } from '../../domain/compliance/index.js';
import { CONTACT_OUTCOMES } from './compliance-context.js';

/** Request and response shapes of the collections routes (the OpenAPI document is built from them). */

export const DateString = z.string().refine(isBusinessDate, { message: 'must be a calendar date YYYY-MM-DD' }).openapi({ example: '2026-11-22' });
const Instant = z.string().openapi({ example: '2026-11-22T00:30:00.000Z' });
const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const Json = z.record(z.string(), z.unknown());

export const idParam = (name: string) => z.coerce.number().int().positive().openapi({ param: { name, in: 'path' }, example: 3 });

export const StrategyDocument = Json.openapi('CollectionStrategyDocument', {
  description: 'A strategy document (src/domain/collections/strategy.ts): code, version, names, effectiveFrom/To, optional challenger, segments → treatments',
});

export const StrategyVersion = z
  .object({
    id: z.number().int(),
    code: z.string(),
    version: z.number().int(),
    nameZh: z.string(),
    nameEn: z.string(),
    status: z.enum(['draft', 'published']),
    effectiveFrom: z.string(),
    effectiveTo: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    publishedBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    document: Json,
  })
  .openapi('CollectionStrategyVersion');

export const PreviewBody = z
  .object({ document: StrategyDocument, branchId: z.number().int().positive().optional().openapi({ description: "a branch in your scope (default: your own)" }) })
  .strict()
  .openapi('CollectionStrategyPreviewRequest');

export const Preview = z
  .object({
    asOf: z.string(),
    branchCode: z.string(),
    evaluated: z.number().int().openapi({ description: 'overdue loans in scope and current ones falling due within the lead time of the earliest step' }),
    rows: z.array(
      z.object({
        group: z.enum(['champion', 'challenger']),
        segment: z.string().nullable(),
        step: z.string().nullable(),
        action: z.string().nullable(),
        loans: z.number().int(),
        overdueFen: z.number().int(),
        sample: z.array(z.number().int()),
        samples: z.array(
          z.object({
            loanId: z.number().int(),
            dpd: z.number().int(),
            bucket: z.string(),
            overdueFen: z.number().int(),
            skipped: z.array(z.object({ segment: z.string(), zh: z.string(), en: z.string() })),
            matched: z.array(z.object({ zh: z.string(), en: z.string() })),
            why: z.object({ zh: z.string(), en: z.string() }),
          }),
        ).openapi({ description: 'the sample loans with the evaluation explained: segments passed over, conditions met, the step' }),
      }),
    ),
  })
  .openapi('CollectionStrategyPreview');

export const Task = z
  .object({
    id: z.number().int(),
    caseId: z.number().int(),
    loanId: z.number().int(),
    loanExternalId: z.string(),
    branchCode: z.string(),
    kind: z.enum(['strategy', 'escalation', 'warning']),
    action: z.string(),
    segment: z.string().nullable(),
    step: z.string().nullable(),
    template: z.string().nullable(),
    priority: z.number().int(),
    createdOn: z.string(),
    dueBy: z.string(),
    status: z.enum(['open', 'held', 'done', 'cancelled']),
    heldBy: z.number().int().nullable(),
    heldUntil: z.string().nullable(),
    doneAt: z.string().nullable(),
    note: z.string().nullable(),
    cancelledReason: z.string().nullable(),
    explanation: Json,
  })
  .openapi('CollectionTask');

export const QueueNext = z
  .object({ task: Task.nullable(), passedOver: z.number().int().openapi({ description: 'tasks passed over because contact is not allowed now (they stay in the queue)' }) })
  .openapi('QueueNext');

export const CompleteBody = z.object({ note: z.string().trim().max(2000).optional() }).strict().openapi('TaskCompletion');

export const ContactBody = z
  .object({
    channel: z.enum(CHANNELS),
    party: z.enum(PARTIES),
    contactId: z.number().int().positive().optional().openapi({ description: 'the guarantor or emergency contact (borrower_contact id)' }),
    thirdParty: z.string().trim().min(1).max(100).optional().openapi({ description: 'who, for a third party' }),
    number: z.string().trim().min(3).max(30).optional().openapi({ description: "the number dialled (default: the party's mobile on file)" }),
    outcome: z.enum(CONTACT_OUTCOMES),
    notes: z.string().max(4000).optional(),
    recordingRef: z.string().max(200).optional(),
    collectorIds: z.array(z.number().int().positive()).min(1).max(5).optional().openapi({ description: 'who made it (default: you); a field visit names two' }),
    purpose: z.enum(PURPOSES).optional(),
    disclosesDebt: z.boolean().optional().openapi({ description: 'default: true for the borrower and guarantors, false for third parties' }),
    taskId: z.number().int().positive().optional(),
    correctsId: z.number().int().positive().optional().openapi({ description: 'a correction: the contact it corrects (only outcome, notes and recordingRef are taken)' }),
  })
  .strict()
  .openapi('ContactLog');

export const Contact = z
  .object({
    id: z.number().int(),
    caseId: z.number().int(),
    at: z.string(),
    channel: z.string(),
    party: z.string(),
    partyRef: z.string(),
    status: z.enum(['made', 'refused']),
    outcome: z.string().nullable(),
    notes: z.string().nullable(),
    recordingRef: z.string().nullable(),
    collectorIds: z.array(z.number().int()),
    ruleCode: z.string().nullable(),
    nextAllowedAt: z.string().nullable(),
    correctsId: z.number().int().nullable(),
    taskId: z.number().int().nullable(),
    recordedBy: z.string(),
  })
  .openapi('Contact');

export const ContactRefused = z
  .object({
    type: z.literal('urn:daihou:problem:contact-refused'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    rule: z.string(),
    ruleName: z.string(),
    nextAllowedAt: Instant.nullable().openapi({ description: 'the earliest instant every rule allows this contact; null: waiting alone never will' }),
    contactId: z.number().int().openapi({ description: 'the refused attempt, as logged' }),
    refusals: z.array(z.object({ rule: z.string(), ruleName: Localized, reason: Localized, nextAllowedAt: Instant.nullable() })),
    requestId: z.string().optional(),
  })
  .openapi('ContactRefused');

export const NextContactQuery = z.object({
  channel: z.enum(CHANNELS).default('call'),
  party: z.enum(PARTIES).default('borrower'),
  contactId: z.coerce.number().int().positive().optional(),
  thirdParty: z.string().max(100).optional(),
});

export const NextContact = z
  .object({
    channel: z.string(),
    party: z.string(),
    at: Instant,
    allowedNow: z.boolean(),
    nextAllowedAt: Instant.nullable(),
    pack: z.string(),
    refusals: z.array(z.object({ rule: z.string(), ruleName: Localized, reason: Localized, nextAllowedAt: Instant.nullable() })),
  })
  .openapi('NextContact');

export const HoldBody = z
  .object({
    kind: z.enum(HOLD_KINDS),
    reason: z.string().trim().min(2).max(500),
    until: z.iso.datetime({ offset: true }).optional().openapi({ description: 'when it expires (ISO-8601 with offset); none: until released' }),
  })
  .strict()
  .openapi('HoldPlacement');

export const Hold = z
  .object({
    id: z.number().int(),
    loanId: z.number().int(),
    kind: z.string(),
    reason: z.string(),
    from: z.string(),
    until: z.string().nullable(),
    placedBy: z.string(),
    releasedAt: z.string().nullable(),
    releasedBy: z.string().nullable(),
    releaseReason: z.string().nullable(),
  })
  .openapi('Hold');

export const PromiseBody = z
  .object({
    instalments: z.array(z.object({ dueDate: DateString, amountFen: z.number().int() }).strict()).min(1).max(12).optional(),
    amountFen: z.number().int().optional().openapi({ description: 'one amount and date, instead of instalments' }),
    dueDate: DateString.optional(),
    contactId: z.number().int().positive().optional(),
  })
  .strict()
  .refine((b) => (b.instalments === undefined) === (b.amountFen !== undefined && b.dueDate !== undefined), { message: 'give instalments, or amountFen and dueDate', path: ['instalments'] })
  .openapi('PromiseToPay');

export const PromiseRecorded = z
  .object({
    id: z.number().int(),
    caseId: z.number().int(),
    loanId: z.number().int(),
    madeOn: z.string(),
    state: z.string(),
    totalFen: z.number().int(),
    instalments: z.array(z.object({ dueDate: z.string(), amountFen: z.number().int() })),
    graceDays: z.number().int(),
    toleranceFen: z.number().int(),
    replaced: z.array(z.number().int()),
  })
  .openapi('PromiseRecorded');

export const AssignBody = z
  .object({
    ownerKind: z.enum(['collector', 'team', 'agency']).nullable().openapi({ description: 'null: recall to the rules' }),
    ownerId: z.number().int().positive().nullable(),
    reason: z.string().trim().min(2).max(500),
  })
  .strict()
  .refine((b) => (b.ownerKind === null) === (b.ownerId === null), { message: 'ownerKind and ownerId go together', path: ['ownerId'] })
  .openapi('CaseAssignment');

export const ProfileBody = z
  .object({
    skills: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/)).max(20),
    trainingValidUntil: DateString.nullable(),
  })
  .strict()
  .openapi('CollectorProfile');

export const CoverageQuery = z.object({
  branchId: z.coerce.number().int().positive().optional().openapi({ description: 'a branch in your scope (default: your own)' }),
  date: DateString.optional().openapi({ description: 'a closed business date (default: the latest collections run)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const Summary = z.object({
  level: z.enum(['branch', 'team', 'collector']),
  unitId: z.number().int(),
  unit: z.string().nullable(),
  overdue: z.number().int(),
  covered: z.number().int(),
  pending: z.number().int(),
  held: z.number().int(),
  uncovered: z.number().int(),
  rate: z.number(),
  byReason: z.record(z.string(), z.number().int()),
});

export const Coverage = z
  .object({
    businessDate: z.string().nullable(),
    total: Summary.omit({ level: true, unitId: true, unit: true }),
    summaries: z.array(Summary),
    uncovered: z.array(
      z.object({
        loanId: z.number().int(),
        loanExternalId: z.string(),
        branchCode: z.string(),
        caseId: z.number().int().nullable(),
        bucket: z.string(),
        dpd: z.number().int(),
        reasons: z.array(z.string()),
        teamId: z.number().int().nullable(),
        collectorId: z.number().int().nullable(),
      }),
    ),
    more: z.boolean(),
  })
  .openapi('Coverage');

export const CaseDetail = Json.openapi('CollectionCase', { description: 'the case, its owner history, tasks (with explanations), contacts, promises, holds and events' });

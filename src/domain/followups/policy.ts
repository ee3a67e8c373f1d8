import { z } from 'zod';
import { isBusinessDate } from '../business-date.js';

/**
 * Follow-up (回访) policy: one standard from head office, which every branch inherits and may only
 * tighten. The first source article's complaint is branches that each do it their own way; so a
 * branch's policy is stored as an override of named fields, and `applyBranchOverride` refuses any
 * field that would make it laxer than head office, naming the field and both values.
 */
export const RISK_GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export const EVENT_TRIGGERS = ['first_installment_missed', 'contact_changed', 'telematics_alert', 'collateral_alert', 'score_change', 'dealer_key_person'] as const;
export type EventTrigger = (typeof EVENT_TRIGGERS)[number];

const Days = z.number().int().min(1).max(366);
const Months = z.number().int().min(1).max(24);

export const PolicySchema = z
  .object({
    version: z.number().int().min(1),
    effectiveFrom: z.string().refine(isBusinessDate, 'a calendar date YYYY-MM-DD'),
    /** the first follow-up after disbursement, within this many days */
    afterDisbursementDays: Days,
    /** periodic follow-ups: every n months by risk grade (A yearly … E monthly) */
    periodicMonthsByGrade: z.object(Object.fromEntries(RISK_GRADES.map((g) => [g, Months])) as Record<RiskGrade, typeof Months>).strict(),
    /** event-triggered follow-ups: within this many days of the event */
    eventWithinDays: z.object(Object.fromEntries(EVENT_TRIGGERS.map((e) => [e, Days])) as Record<EventTrigger, typeof Days>).strict(),
    /** a score change of at least this many points triggers a follow-up */
    scoreChangePoints: z.number().int().min(1).max(1000),
    fieldVisit: z
      .object({
        selfEmployed: z.boolean(),
        smallBusinessOwner: z.boolean(),
        /** outstanding principal at or above this needs a field visit; null: exposure alone never does */
        exposureFromFen: z.number().int().min(0).nullable(),
        grades: z.array(z.enum(RISK_GRADES)),
      })
      .strict(),
    /** days to complete a task once due */
    slaDays: Days,
  })
  .strict();
export type FollowUpPolicy = z.infer<typeof PolicySchema>;

export const HEAD_OFFICE_POLICY: FollowUpPolicy = PolicySchema.parse({
  version: 1,
  effectiveFrom: '2026-01-01',
  afterDisbursementDays: 7,
  periodicMonthsByGrade: { A: 12, B: 6, C: 3, D: 2, E: 1 },
  eventWithinDays: { first_installment_missed: 3, contact_changed: 7, telematics_alert: 2, collateral_alert: 3, score_change: 7, dealer_key_person: 3 },
  scoreChangePoints: 50,
  fieldVisit: { selfEmployed: true, smallBusinessOwner: true, exposureFromFen: 50_000_000, grades: ['D', 'E'] },
  slaDays: 5,
});

/** What a branch may set: any subset of the fields, each only stricter. */
export const BranchOverrideSchema = z
  .object({
    afterDisbursementDays: Days.optional(),
    periodicMonthsByGrade: PolicySchema.shape.periodicMonthsByGrade.partial().optional(),
    eventWithinDays: PolicySchema.shape.eventWithinDays.partial().optional(),
    scoreChangePoints: PolicySchema.shape.scoreChangePoints.optional(),
    fieldVisit: PolicySchema.shape.fieldVisit.partial().optional(),
    slaDays: Days.optional(),
  })
  .strict();
export type BranchOverride = z.infer<typeof BranchOverrideSchema>;

export interface PolicyIssue {
  path: string[];
  zh: string;
  en: string;
}

const looser = (path: string[], base: unknown, wanted: unknown): PolicyIssue => ({
  path,
  zh: `${path.join('.')} 不能比总行标准宽松（总行 ${String(base)}，分行 ${String(wanted)}）`,
  en: `${path.join('.')} may not be laxer than head office (head office ${String(base)}, branch ${String(wanted)})`,
});

/** The branch's policy: head office's with the override applied, or every field that loosens it. */
export function applyBranchOverride(base: FollowUpPolicy, override: BranchOverride): { ok: true; policy: FollowUpPolicy } | { ok: false; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  // fewer days/months and a lower threshold are stricter
  const atMost = (path: string[], b: number, w: number | undefined) => {
    if (w !== undefined && w > b) issues.push(looser(path, b, w));
  };
  atMost(['afterDisbursementDays'], base.afterDisbursementDays, override.afterDisbursementDays);
  atMost(['slaDays'], base.slaDays, override.slaDays);
  atMost(['scoreChangePoints'], base.scoreChangePoints, override.scoreChangePoints);
  for (const g of RISK_GRADES) atMost(['periodicMonthsByGrade', g], base.periodicMonthsByGrade[g], override.periodicMonthsByGrade?.[g]);
  for (const e of EVENT_TRIGGERS) atMost(['eventWithinDays', e], base.eventWithinDays[e], override.eventWithinDays?.[e]);
  const fv = override.fieldVisit;
  if (fv?.selfEmployed === false && base.fieldVisit.selfEmployed) issues.push(looser(['fieldVisit', 'selfEmployed'], true, false));
  if (fv?.smallBusinessOwner === false && base.fieldVisit.smallBusinessOwner) issues.push(looser(['fieldVisit', 'smallBusinessOwner'], true, false));
  if (fv?.exposureFromFen !== undefined) {
    const b = base.fieldVisit.exposureFromFen;
    const w = fv.exposureFromFen;
    if (b !== null && (w === null || w > b)) issues.push(looser(['fieldVisit', 'exposureFromFen'], b, w));
  }
  const dropped = base.fieldVisit.grades.filter((g) => fv?.grades !== undefined && !fv.grades.includes(g));
  if (dropped.length > 0) issues.push(looser(['fieldVisit', 'grades'], base.fieldVisit.grades.join(','), fv?.grades?.join(',')));
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    policy: {
      ...base,
      afterDisbursementDays: override.afterDisbursementDays ?? base.afterDisbursementDays,
      slaDays: override.slaDays ?? base.slaDays,
      scoreChangePoints: override.scoreChangePoints ?? base.scoreChangePoints,
      periodicMonthsByGrade: { ...base.periodicMonthsByGrade, ...override.periodicMonthsByGrade },
      eventWithinDays: { ...base.eventWithinDays, ...override.eventWithinDays },
      fieldVisit: { ...base.fieldVisit, ...fv },
    },
  };
}

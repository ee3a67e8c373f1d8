import { z } from 'zod';
import { isBusinessDate } from '../business-date.js';

/**
 * A collection strategy is a document, not code: head office writes segments (who) and
 * treatments (what, when), publishes a version with an effective date, and every branch runs the
 * same one. The schema below is the whole contract; `validateStrategy` adds the checks a schema
 * cannot express (unique codes, ordered steps, bands that exist), each reported with the path of
 * the field so an editor can show it inline.
 */

export const TAGS = ['hardship', 'dispute', 'deceased', 'fraud', 'malicious', 'legal'] as const;
export type Tag = (typeof TAGS)[number];

export const PROMISE_STATES = ['none', 'active', 'kept', 'broken'] as const;
export type PromiseState = (typeof PROMISE_STATES)[number];

export const ACTIONS = ['sms', 'email', 'call', 'field_visit', 'letter', 'agency', 'legal_referral', 'repossession_review'] as const;
export type Action = (typeof ACTIONS)[number];

const Code = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _, up to 40');
const Day = z.string().refine(isBusinessDate, 'a calendar date YYYY-MM-DD');
const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Name = z.string().trim().min(1).max(80);

export const ConditionSchema = z
  .object({
    buckets: z.array(z.string().min(1)).min(1).optional(),
    dpdMin: z.number().int().min(0).optional(),
    dpdMax: z.number().int().min(0).optional(),
    overdueMinFen: Fen.optional(),
    overdueMaxFen: Fen.optional(),
    products: z.array(z.string().min(1)).min(1).optional(),
    branches: z.array(z.string().min(1)).min(1).optional(),
    riskGrades: z.array(z.string().min(1)).min(1).optional(),
    /** the loan carries at least one of these */
    tagsAny: z.array(z.enum(TAGS)).min(1).optional(),
    /** the loan carries none of these */
    tagsNone: z.array(z.enum(TAGS)).min(1).optional(),
    promise: z.array(z.enum(PROMISE_STATES)).min(1).optional(),
  })
  .strict();
export type Condition = z.infer<typeof ConditionSchema>;

export const TreatmentSchema = z
  .object({
    code: Code,
    action: z.enum(ACTIONS),
    /**
     * When the step starts, counted from the oldest unpaid due date: −3 is three days before the
     * next due date of a current loan, 0 the due date, 15 the 15th day past due.
     */
    day: z.number().int().min(-30).max(3650),
    /** repeat the step every n days while the loan stays at it (e.g. a weekly call) */
    repeatEveryDays: z.number().int().min(1).max(365).optional(),
    /** 1 is the most urgent */
    priority: z.number().int().min(1).max(100),
    slaHours: z.number().int().min(1).max(24 * 90),
    template: z.string().max(200).optional(),
  })
  .strict();
export type Treatment = z.infer<typeof TreatmentSchema>;

export const SegmentSchema = z
  .object({
    code: Code,
    nameZh: Name,
    nameEn: Name,
    when: ConditionSchema,
    treatments: z.array(TreatmentSchema).max(30),
  })
  .strict();
export type Segment = z.infer<typeof SegmentSchema>;

export const StrategySchema = z
  .object({
    code: Code,
    version: z.number().int().min(1),
    nameZh: Name,
    nameEn: Name,
    effectiveFrom: Day,
    effectiveTo: Day.optional(),
    /** accounts in the challenger group get the named strategy instead; see assignment.ts */
    challenger: z.object({ code: Code, percent: z.number().min(0).max(50), seed: z.string().min(1).max(64) }).strict().optional(),
    /** evaluated in order: the first segment whose conditions all hold takes the loan */
    segments: z.array(SegmentSchema).min(1).max(100),
  })
  .strict();
export type Strategy = z.infer<typeof StrategySchema>;

export interface StrategyIssue {
  path: (string | number)[];
  message: string;
}

export type Validated = { ok: true; strategy: Strategy } | { ok: false; issues: StrategyIssue[] };

/** Parses a document and checks what the schema cannot; `bandCodes` are the delinquency bands in force. */
export function validateStrategy(input: unknown, bandCodes: readonly string[]): Validated {
  const parsed = StrategySchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })) };
  const s = parsed.data;
  const issues: StrategyIssue[] = [];
  if (s.effectiveTo !== undefined && s.effectiveTo <= s.effectiveFrom) issues.push({ path: ['effectiveTo'], message: 'must be after effectiveFrom' });
  if (s.challenger?.code === s.code) issues.push({ path: ['challenger', 'code'], message: 'a strategy cannot challenge itself' });
  const segmentCodes = new Set<string>();
  s.segments.forEach((segment, i) => {
    if (segmentCodes.has(segment.code)) issues.push({ path: ['segments', i, 'code'], message: `segment code ${segment.code} is used twice` });
    segmentCodes.add(segment.code);
    const w = segment.when;
    if (w.dpdMin !== undefined && w.dpdMax !== undefined && w.dpdMin > w.dpdMax) issues.push({ path: ['segments', i, 'when', 'dpdMax'], message: 'dpdMax is below dpdMin' });
    if (w.overdueMinFen !== undefined && w.overdueMaxFen !== undefined && w.overdueMinFen > w.overdueMaxFen) {
      issues.push({ path: ['segments', i, 'when', 'overdueMaxFen'], message: 'overdueMaxFen is below overdueMinFen' });
    }
    w.buckets?.forEach((b, j) => {
      if (!bandCodes.includes(b)) issues.push({ path: ['segments', i, 'when', 'buckets', j], message: `unknown bucket ${b}; bands are ${bandCodes.join(', ')}` });
    });
    const both = (w.tagsAny ?? []).filter((t) => (w.tagsNone ?? []).includes(t));
    if (both.length > 0) issues.push({ path: ['segments', i, 'when', 'tagsNone'], message: `tag ${both.join(', ')} is both required and excluded` });
    const stepCodes = new Set<string>();
    segment.treatments.forEach((t, j) => {
      if (stepCodes.has(t.code)) issues.push({ path: ['segments', i, 'treatments', j, 'code'], message: `step code ${t.code} is used twice in this segment` });
      stepCodes.add(t.code);
      const previous = segment.treatments[j - 1];
      if (previous !== undefined && previous.day >= t.day) issues.push({ path: ['segments', i, 'treatments', j, 'day'], message: 'steps must be in order of day, each later than the one before' });
    });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, strategy: s };
}

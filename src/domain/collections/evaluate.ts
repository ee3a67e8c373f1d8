import { type BusinessDate, daysBetween } from '../business-date.js';
import { inChallenger } from './assignment.js';
import type { Action, Condition, PromiseState, Segment, Strategy, Tag, Treatment } from './strategy.js';

/** What a strategy may look at for one loan on one business date. */
export interface CollectionFacts {
  loanId: number;
  asOf: BusinessDate;
  dpd: number;
  bucket: string;
  /** principal and interest due and unpaid */
  overdueFen: number;
  product: string;
  branchCode: string;
  /** from the behaviour scorecard once it exists; null until then */
  riskGrade: string | null;
  tags: readonly Tag[];
  promise: PromiseState;
  /** the oldest due date still unpaid (today's counts), or null */
  oldestUnpaidDue: BusinessDate | null;
  /**
   * the next due date after today, for reminders before it; null when none is left. Close of
   * business reads it only within the strategies' lead time: one further off anchors no step.
   */
  nextDue: BusinessDate | null;
  /**
   * An approved restructuring plan in force on the case and kept so far: since when. Its steps
   * pause while the borrower keeps to the plan (the plan, not the strategy, sets what is due).
   */
  planKeptSince?: BusinessDate | null;
  /** the day the case's latest plan broke, when none is in force now: its steps resumed then */
  planBrokenOn?: BusinessDate | null;
}

/** One failed or passed test of a condition, in words for both languages. */
export interface Reason {
  field: keyof Condition;
  passed: boolean;
  zh: string;
  en: string;
}

export interface Decision {
  /** a key that names this occurrence of this step for this loan: the same key means the same task */
  key: string;
  segment: string;
  step: string;
  action: Action;
  priority: number;
  slaHours: number;
  template: string | undefined;
  /** days from the anchor due date (negative before it) */
  day: number;
  anchor: BusinessDate;
  occurrence: number;
}

export interface Evaluation {
  loanId: number;
  strategy: { code: string; version: number };
  group: 'champion' | 'challenger';
  /** null when no segment takes the loan */
  segment: string | null;
  decision: Decision | null;
  explanation: {
    /** the segments tried before the one that matched, each with the first condition that failed */
    skipped: { segment: string; reason: Reason }[];
    matched: Reason[];
    step: { zh: string; en: string };
  };
}

const list = (xs: readonly (string | number)[]) => xs.join(', ');

/**
 * One condition: whether a segment sets it, whether the loan meets it, and the words for either
 * outcome. Kept apart so that a run, which only needs the outcome, builds no text.
 */
interface Check {
  sets: (when: Condition) => boolean;
  holds: (when: Condition, f: CollectionFacts) => boolean;
  say: (when: Condition, f: CollectionFacts, ok: boolean) => Reason;
}

const reason = (field: keyof Condition, passed: boolean, zh: string, en: string): Reason => ({ field, passed, zh, en });

type ListField = 'buckets' | 'products' | 'branches' | 'riskGrades' | 'promise';

/** A condition that the loan's value is one of a list. */
function isIn(field: ListField, zhName: string, enName: string, value: (f: CollectionFacts) => string | null): Check {
  return {
    sets: (when) => when[field] !== undefined,
    holds: (when, f) => {
      const v = value(f);
      return v !== null && (when[field] as readonly string[]).includes(v);
    },
    say: (when, f, ok) => {
      const xs = when[field] as readonly string[];
      const v = value(f) ?? '—';
      return reason(field, ok, `${zhName} ${v} ${ok ? '属于' : '不属于'} ${list(xs)}`, `${enName} ${v} ${ok ? 'is in' : 'is not in'} ${list(xs)}`);
    },
  };
}

/** A condition that a number is at least or at most a bound. */
function bound(field: 'dpdMin' | 'dpdMax' | 'overdueMinFen' | 'overdueMaxFen', words: (f: CollectionFacts, ok: boolean, m: number) => [string, string]): Check {
  const atLeast = field === 'dpdMin' || field === 'overdueMinFen';
  const value = field === 'dpdMin' || field === 'dpdMax' ? (f: CollectionFacts) => f.dpd : (f: CollectionFacts) => f.overdueFen;
  return {
    sets: (when) => when[field] !== undefined,
    holds: (when, f) => (atLeast ? value(f) >= when[field]! : value(f) <= when[field]!),
    say: (when, f, ok) => reason(field, ok, ...words(f, ok, when[field]!)),
  };
}

/**
 * Each condition's test, in the fixed order they are tried.
 * Made once, not per call: evaluation runs for every loan in the book that could be at a step.
 */
const CHECKS: readonly Check[] = [
  isIn('buckets', '账龄', 'bucket', (f) => f.bucket),
  bound('dpdMin', (f, ok, m) => [`逾期天数 ${f.dpd} ${ok ? '≥' : '<'} ${m}`, `DPD ${f.dpd} ${ok ? '≥' : '<'} ${m}`]),
  bound('dpdMax', (f, ok, m) => [`逾期天数 ${f.dpd} ${ok ? '≤' : '>'} ${m}`, `DPD ${f.dpd} ${ok ? '≤' : '>'} ${m}`]),
  bound('overdueMinFen', (f, ok, m) => [`逾期金额 ${f.overdueFen} 分 ${ok ? '≥' : '<'} ${m} 分`, `overdue ${f.overdueFen} fen ${ok ? '≥' : '<'} ${m} fen`]),
  bound('overdueMaxFen', (f, ok, m) => [`逾期金额 ${f.overdueFen} 分 ${ok ? '≤' : '>'} ${m} 分`, `overdue ${f.overdueFen} fen ${ok ? '≤' : '>'} ${m} fen`]),
  isIn('products', '产品', 'product', (f) => f.product),
  isIn('branches', '机构', 'branch', (f) => f.branchCode),
  isIn('riskGrades', '风险等级', 'risk grade', (f) => f.riskGrade),
  {
    sets: (when) => when.tagsAny !== undefined,
    holds: (when, f) => when.tagsAny!.some((x) => f.tags.includes(x)),
    say: (when, f, ok) => {
      const t = when.tagsAny!;
      const hit = t.filter((x) => f.tags.includes(x));
      return reason('tagsAny', ok, ok ? `带有标签 ${list(hit)}` : `没有 ${list(t)} 中的任何标签`, ok ? `tagged ${list(hit)}` : `tagged none of ${list(t)}`);
    },
  },
  {
    sets: (when) => when.tagsNone !== undefined,
    holds: (when, f) => !when.tagsNone!.some((x) => f.tags.includes(x)),
    say: (when, f, ok) => {
      const t = when.tagsNone!;
      const hit = t.filter((x) => f.tags.includes(x));
      return reason('tagsNone', ok, ok ? `没有 ${list(t)} 标签` : `带有排除的标签 ${list(hit)}`, ok ? `tagged none of ${list(t)}` : `tagged ${list(hit)}, which this segment excludes`);
    },
  },
  isIn('promise', '承诺还款状态', 'promise', (f) => f.promise),
];

/** The checks a segment's conditions set, in order: found once per segment, not per loan. */
const setChecks = new WeakMap<Condition, readonly Check[]>();
function checksOf(when: Condition): readonly Check[] {
  let xs = setChecks.get(when);
  if (xs === undefined) {
    xs = CHECKS.filter((c) => c.sets(when));
    setChecks.set(when, xs);
  }
  return xs;
}

/** Tests a segment's conditions in a fixed order; stops at the first that fails. */
export function testConditions(when: Condition, f: CollectionFacts): { passed: boolean; reasons: Reason[] } {
  const reasons: Reason[] = [];
  for (const check of checksOf(when)) {
    const ok = check.holds(when, f);
    reasons.push(check.say(when, f, ok));
    if (!ok) return { passed: false, reasons };
  }
  return { passed: true, reasons };
}

/** Whether the loan meets a segment's conditions, without the words (testConditions has them). */
export function meets(when: Condition, f: CollectionFacts): boolean {
  for (const check of checksOf(when)) if (!check.holds(when, f)) return false;
  return true;
}

/**
 * Where the loan stands on the strategy's day axis: days since its oldest unpaid due date, or (for
 * a current loan) minus the days until its next one. Null when nothing is due or coming.
 */
export function strategyDay(f: CollectionFacts): { day: number; anchor: BusinessDate } | null {
  const anchor = f.oldestUnpaidDue ?? f.nextDue;
  if (anchor === null) return null;
  return { day: daysBetween(anchor, f.asOf), anchor };
}

/**
 * The step a loan is at: the last one whose day it has reached. A loan that jumps past a step
 * (a missed close, a back-dated change) lands on the latest one, never on a stale earlier one; a
 * repeating step counts its occurrences so each repeat is a task of its own.
 */
export function currentStep(treatments: readonly Treatment[], day: number): { step: Treatment; occurrence: number } | null {
  let found: Treatment | null = null;
  for (const t of treatments) if (t.day <= day) found = t;
  if (found === null) return null;
  const occurrence = found.repeatEveryDays === undefined ? 0 : Math.floor((day - found.day) / found.repeatEveryDays);
  return { step: found, occurrence };
}

/** The step a segment gives the loan: its decision, or what stands in the way (for the words). */
type Standing =
  | { at: 'paused' | 'nothing_due' | 'no_steps' }
  | { at: 'before_first'; position: { day: number; anchor: BusinessDate }; first: Treatment }
  | { at: 'step'; position: { day: number; anchor: BusinessDate }; step: Treatment; decision: Decision };

function locate(strategy: Strategy, segment: Segment, f: CollectionFacts): Standing {
  if (f.planKeptSince) return { at: 'paused' };
  const position = strategyDay(f);
  if (position === null) return { at: 'nothing_due' };
  const found = currentStep(segment.treatments, position.day);
  if (found === null) {
    const first = segment.treatments[0];
    return first === undefined ? { at: 'no_steps' } : { at: 'before_first', position, first };
  }
  const { step, occurrence } = found;
  // After a broken plan the step the loan is at is worked again even if it was tasked (and
  // cancelled by the pause) before: the resumption is part of the key, the same on every rerun.
  const resumed = f.planBrokenOn ? `~resumed@${f.planBrokenOn}` : '';
  const key = `${strategy.code}@${strategy.version}/${segment.code}/${step.code}/${position.anchor}#${occurrence}${resumed}`;
  return {
    at: 'step',
    position,
    step,
    decision: { key, segment: segment.code, step: step.code, action: step.action, priority: step.priority, slaHours: step.slaHours, template: step.template, day: step.day, anchor: position.anchor, occurrence },
  };
}

function decide(strategy: Strategy, segment: Segment, f: CollectionFacts): { decision: Decision | null; step: { zh: string; en: string } } {
  const where = locate(strategy, segment, f);
  switch (where.at) {
    case 'paused':
      return { decision: null, step: { zh: `重组计划自 ${f.planKeptSince} 起履行中，催收步骤暂停`, en: `a restructuring plan in force since ${f.planKeptSince} is being kept: steps paused` } };
    case 'nothing_due':
      return { decision: null, step: { zh: '没有到期或逾期的还款', en: 'nothing due or overdue' } };
    case 'no_steps':
      return { decision: null, step: { zh: '该分群没有处置步骤', en: 'the segment has no steps' } };
    case 'before_first': {
      const { position, first } = where;
      return { decision: null, step: { zh: `以 ${position.anchor} 为基准第 ${position.day} 天，尚未到第一步（第 ${first.day} 天）`, en: `day ${position.day} from ${position.anchor}, before the first step (day ${first.day})` } };
    }
    case 'step': {
      const { position, step, decision } = where;
      const occurrence = decision.occurrence;
      const repeat = (step.repeatEveryDays === undefined ? '' : `，每 ${step.repeatEveryDays} 天重复，第 ${occurrence + 1} 次`) + (f.planBrokenOn ? `；重组计划 ${f.planBrokenOn} 未履行，步骤恢复` : '');
      const repeatEn = (step.repeatEveryDays === undefined ? '' : `, repeating every ${step.repeatEveryDays} days, occurrence ${occurrence + 1}`) + (f.planBrokenOn ? `; steps resumed when the restructuring plan broke on ${f.planBrokenOn}` : '');
      return {
        decision,
        step: {
          zh: `以 ${position.anchor} 为基准第 ${position.day} 天，已到步骤 ${step.code}（第 ${step.day} 天起）${repeat}`,
          en: `day ${position.day} from ${position.anchor}: at step ${step.code} (from day ${step.day})${repeatEn}`,
        },
      };
    }
  }
}

/** Evaluates one strategy document for one loan: which segment takes it, which step it is at, and why. */
export function evaluateStrategy(strategy: Strategy, f: CollectionFacts, group: 'champion' | 'challenger' = 'champion'): Evaluation {
  const skipped: Evaluation['explanation']['skipped'] = [];
  for (const segment of strategy.segments) {
    const { passed, reasons } = testConditions(segment.when, f);
    if (!passed) {
      skipped.push({ segment: segment.code, reason: reasons[reasons.length - 1]! });
      continue;
    }
    const { decision, step } = decide(strategy, segment, f);
    return { loanId: f.loanId, strategy: { code: strategy.code, version: strategy.version }, group, segment: segment.code, decision, explanation: { skipped, matched: reasons, step } };
  }
  return {
    loanId: f.loanId,
    strategy: { code: strategy.code, version: strategy.version },
    group,
    segment: null,
    decision: null,
    explanation: { skipped, matched: [], step: { zh: '没有分群适用', en: 'no segment takes this loan' } },
  };
}

/** What a run keeps of an evaluation: the explanation is rendered later, from the facts (explain.ts). */
export type Verdict = Omit<Evaluation, 'explanation'>;

/** evaluateStrategy without the words: the same segment and decision, for the run over the book. */
export function decideStrategy(strategy: Strategy, f: CollectionFacts, group: 'champion' | 'challenger' = 'champion'): Verdict {
  const base = { loanId: f.loanId, strategy: { code: strategy.code, version: strategy.version }, group };
  for (const segment of strategy.segments) {
    if (!meets(segment.when, f)) continue;
    const where = locate(strategy, segment, f);
    return { ...base, segment: segment.code, decision: where.at === 'step' ? where.decision : null };
  }
  return { ...base, segment: null, decision: null };
}

/** The strategy that decides for this loan: the challenger named by the champion for its share. */
export function decidingStrategy(champion: Strategy, challenger: Strategy | null, loanId: number): { strategy: Strategy; group: 'champion' | 'challenger' } {
  const c = champion.challenger;
  if (c !== undefined && challenger !== null && challenger.code === c.code && inChallenger(c.seed, loanId, c.percent)) return { strategy: challenger, group: 'challenger' };
  return { strategy: champion, group: 'champion' };
}

/**
 * The champion decides unless the loan falls in the challenger's share and the challenger named
 * by the champion is supplied; the group is recorded either way so the two can be compared.
 */
export function evaluateWithChallenger(champion: Strategy, challenger: Strategy | null, f: CollectionFacts): Evaluation {
  const { strategy, group } = decidingStrategy(champion, challenger, f.loanId);
  return evaluateStrategy(strategy, f, group);
}

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

type Check = (when: Condition, f: CollectionFacts) => Reason | null;

const reason = (field: keyof Condition, passed: boolean, zh: string, en: string): Reason => ({ field, passed, zh, en });

/**
 * Each condition's test, in the fixed order they are tried: null when the segment does not set it.
 * Made once, not per call: evaluation runs for every loan in the book that could be at a step.
 */
const CHECKS: readonly Check[] = [
  (when, f) => {
    const b = when.buckets;
    if (!b) return null;
    const ok = b.includes(f.bucket);
    return reason('buckets', ok, `账龄 ${f.bucket} ${ok ? '属于' : '不属于'} ${list(b)}`, `bucket ${f.bucket} ${ok ? 'is in' : 'is not in'} ${list(b)}`);
  },
  (when, f) => {
    const m = when.dpdMin;
    if (m === undefined) return null;
    const ok = f.dpd >= m;
    return reason('dpdMin', ok, `逾期天数 ${f.dpd} ${ok ? '≥' : '<'} ${m}`, `DPD ${f.dpd} ${ok ? '≥' : '<'} ${m}`);
  },
  (when, f) => {
    const m = when.dpdMax;
    if (m === undefined) return null;
    const ok = f.dpd <= m;
    return reason('dpdMax', ok, `逾期天数 ${f.dpd} ${ok ? '≤' : '>'} ${m}`, `DPD ${f.dpd} ${ok ? '≤' : '>'} ${m}`);
  },
  (when, f) => {
    const m = when.overdueMinFen;
    if (m === undefined) return null;
    const ok = f.overdueFen >= m;
    return reason('overdueMinFen', ok, `逾期金额 ${f.overdueFen} 分 ${ok ? '≥' : '<'} ${m} 分`, `overdue ${f.overdueFen} fen ${ok ? '≥' : '<'} ${m} fen`);
  },
  (when, f) => {
    const m = when.overdueMaxFen;
    if (m === undefined) return null;
    const ok = f.overdueFen <= m;
    return reason('overdueMaxFen', ok, `逾期金额 ${f.overdueFen} 分 ${ok ? '≤' : '>'} ${m} 分`, `overdue ${f.overdueFen} fen ${ok ? '≤' : '>'} ${m} fen`);
  },
  (when, f) => {
    const p = when.products;
    if (!p) return null;
    const ok = p.includes(f.product);
    return reason('products', ok, `产品 ${f.product} ${ok ? '属于' : '不属于'} ${list(p)}`, `product ${f.product} ${ok ? 'is in' : 'is not in'} ${list(p)}`);
  },
  (when, f) => {
    const b = when.branches;
    if (!b) return null;
    const ok = b.includes(f.branchCode);
    return reason('branches', ok, `机构 ${f.branchCode} ${ok ? '属于' : '不属于'} ${list(b)}`, `branch ${f.branchCode} ${ok ? 'is in' : 'is not in'} ${list(b)}`);
  },
  (when, f) => {
    const g = when.riskGrades;
    if (!g) return null;
    const ok = f.riskGrade !== null && g.includes(f.riskGrade);
    const grade = f.riskGrade ?? '—';
    return reason('riskGrades', ok, `风险等级 ${grade} ${ok ? '属于' : '不属于'} ${list(g)}`, `risk grade ${grade} ${ok ? 'is in' : 'is not in'} ${list(g)}`);
  },
  (when, f) => {
    const t = when.tagsAny;
    if (!t) return null;
    const hit = t.filter((x) => f.tags.includes(x));
    const ok = hit.length > 0;
    return reason('tagsAny', ok, ok ? `带有标签 ${list(hit)}` : `没有 ${list(t)} 中的任何标签`, ok ? `tagged ${list(hit)}` : `tagged none of ${list(t)}`);
  },
  (when, f) => {
    const t = when.tagsNone;
    if (!t) return null;
    const hit = t.filter((x) => f.tags.includes(x));
    const ok = hit.length === 0;
    return reason('tagsNone', ok, ok ? `没有 ${list(t)} 标签` : `带有排除的标签 ${list(hit)}`, ok ? `tagged none of ${list(t)}` : `tagged ${list(hit)}, which this segment excludes`);
  },
  (when, f) => {
    const p = when.promise;
    if (!p) return null;
    const ok = p.includes(f.promise);
    return reason('promise', ok, `承诺还款状态 ${f.promise} ${ok ? '属于' : '不属于'} ${list(p)}`, `promise ${f.promise} ${ok ? 'is in' : 'is not in'} ${list(p)}`);
  },
];

/** Tests a segment's conditions in a fixed order; stops at the first that fails. */
export function testConditions(when: Condition, f: CollectionFacts): { passed: boolean; reasons: Reason[] } {
  const reasons: Reason[] = [];
  for (const check of CHECKS) {
    const r = check(when, f);
    if (r === null) continue;
    reasons.push(r);
    if (!r.passed) return { passed: false, reasons };
  }
  return { passed: true, reasons };
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

function decide(strategy: Strategy, segment: Segment, f: CollectionFacts): { decision: Decision | null; step: { zh: string; en: string } } {
  if (f.planKeptSince) {
    return { decision: null, step: { zh: `重组计划自 ${f.planKeptSince} 起履行中，催收步骤暂停`, en: `a restructuring plan in force since ${f.planKeptSince} is being kept: steps paused` } };
  }
  const position = strategyDay(f);
  if (position === null) return { decision: null, step: { zh: '没有到期或逾期的还款', en: 'nothing due or overdue' } };
  const found = currentStep(segment.treatments, position.day);
  if (found === null) {
    const first = segment.treatments[0];
    return first === undefined
      ? { decision: null, step: { zh: '该分群没有处置步骤', en: 'the segment has no steps' } }
      : { decision: null, step: { zh: `以 ${position.anchor} 为基准第 ${position.day} 天，尚未到第一步（第 ${first.day} 天）`, en: `day ${position.day} from ${position.anchor}, before the first step (day ${first.day})` } };
  }
  const { step, occurrence } = found;
  // After a broken plan the step the loan is at is worked again even if it was tasked (and
  // cancelled by the pause) before: the resumption is part of the key, the same on every rerun.
  const resumed = f.planBrokenOn ? `~resumed@${f.planBrokenOn}` : '';
  const key = `${strategy.code}@${strategy.version}/${segment.code}/${step.code}/${position.anchor}#${occurrence}${resumed}`;
  const repeat = (step.repeatEveryDays === undefined ? '' : `，每 ${step.repeatEveryDays} 天重复，第 ${occurrence + 1} 次`) + (f.planBrokenOn ? `；重组计划 ${f.planBrokenOn} 未履行，步骤恢复` : '');
  const repeatEn = (step.repeatEveryDays === undefined ? '' : `, repeating every ${step.repeatEveryDays} days, occurrence ${occurrence + 1}`) + (f.planBrokenOn ? `; steps resumed when the restructuring plan broke on ${f.planBrokenOn}` : '');
  return {
    decision: { key, segment: segment.code, step: step.code, action: step.action, priority: step.priority, slaHours: step.slaHours, template: step.template, day: step.day, anchor: position.anchor, occurrence },
    step: {
      zh: `以 ${position.anchor} 为基准第 ${position.day} 天，已到步骤 ${step.code}（第 ${step.day} 天起）${repeat}`,
      en: `day ${position.day} from ${position.anchor}: at step ${step.code} (from day ${step.day})${repeatEn}`,
    },
  };
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

/**
 * The champion decides unless the loan falls in the challenger's share and the challenger named
 * by the champion is supplied; the group is recorded either way so the two can be compared.
 */
export function evaluateWithChallenger(champion: Strategy, challenger: Strategy | null, f: CollectionFacts): Evaluation {
  const c = champion.challenger;
  if (c !== undefined && challenger !== null && challenger.code === c.code && inChallenger(c.seed, f.loanId, c.percent)) {
    return evaluateStrategy(challenger, f, 'challenger');
  }
  return evaluateStrategy(champion, f, 'champion');
}

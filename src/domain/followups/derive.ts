import type { FactKind } from '../borrower-facts.js';
import { type Answer, FACT_ITEMS, type Item } from './checklist.js';

/**
 * What a completed follow-up means for the rest of the system, as a pure function of its answers:
 * new borrower facts (source follow-up; a difference never overwrites, it appends), verifications
 * of what matched, typed risk flags with the answer that raised them, and tasks. A correction
 * (回访说错) recomputes this from the corrected answers and `reconcile` says what to retract and
 * what to add, so nothing derived from a wrong answer survives it.
 */
export const FOLLOW_UP_FLAGS = ['job_loss', 'income_drop', 'moved_away', 'vehicle_not_with_borrower', 'loan_use_breach', 'unreachable'] as const;
export type FollowUpFlag = (typeof FOLLOW_UP_FLAGS)[number];

export type DerivedTask = 'skip_trace' | 'reverification';

export interface Derived {
  facts: { kind: FactKind; value: string }[];
  verified: { kind: FactKind; value: string; verification: 'verified' | 'unverifiable' }[];
  flags: { flag: FollowUpFlag; item: Item; evidence: string }[];
  tasks: { task: DerivedTask; item: Item }[];
}

/** A drop in monthly income of at least this share raises `income_drop`. */
export const INCOME_DROP_SHARE = 0.3;

/** Words an agent types for "no job now", in both languages. */
const NO_EMPLOYER = /^(无|无业|失业|待业|没有工作|none|unemployed|no job|jobless)$/i;

/** The city of a Chinese address: up to the first 市 (or the province-level 自治区/州) near the start. */
export function cityOf(address: string): string {
  const compact = address.replace(/\s+/g, '');
  const m = /^(.{1,10}?(?:市|自治州|地区|盟))/.exec(compact);
  return m?.[1] ?? compact.slice(0, 3);
}

export function deriveFromAnswers(answers: readonly Answer[]): Derived {
  const d: Derived = { facts: [], verified: [], flags: [], tasks: [] };
  const by = new Map(answers.map((a) => [a.item, a]));
  if (by.get('reached')?.heard === 'no') {
    d.flags.push({ flag: 'unreachable', item: 'reached', evidence: 'not reached' });
    d.tasks.push({ task: 'skip_trace', item: 'reached' });
    return d;
  }
  for (const a of answers) {
    const kind = FACT_ITEMS[a.item];
    if (kind === undefined) continue;
    if (a.verdict === 'differs' && a.heard !== null) d.facts.push({ kind, value: a.heard });
    else if (a.verdict === 'matches' && a.fileValue !== null) d.verified.push({ kind, value: a.fileValue, verification: 'verified' });
    else if (a.verdict === 'could_not_verify' && a.fileValue !== null) d.verified.push({ kind, value: a.fileValue, verification: 'unverifiable' });
  }
  const employer = by.get('employer');
  if (employer?.verdict === 'differs' && employer.heard !== null) {
    if (NO_EMPLOYER.test(employer.heard.trim())) d.flags.push({ flag: 'job_loss', item: 'employer', evidence: `${employer.fileValue ?? '—'} → ${employer.heard}` });
    d.tasks.push({ task: 'reverification', item: 'employer' });
  }
  const income = by.get('monthly_income');
  if (income?.verdict === 'differs' && income.heard !== null) {
    const before = Number(income.fileValue);
    const now = Number(income.heard);
    if (Number.isFinite(before) && Number.isFinite(now) && before > 0 && now <= before * (1 - INCOME_DROP_SHARE)) {
      d.flags.push({ flag: 'income_drop', item: 'monthly_income', evidence: `${income.fileValue} → ${income.heard}` });
    }
    d.tasks.push({ task: 'reverification', item: 'monthly_income' });
  }
  const home = by.get('home_address');
  if (home?.verdict === 'differs' && home.heard !== null && home.fileValue !== null && cityOf(home.heard) !== cityOf(home.fileValue)) {
    d.flags.push({ flag: 'moved_away', item: 'home_address', evidence: `${cityOf(home.fileValue)} → ${cityOf(home.heard)}` });
  }
  if (by.get('vehicle_location')?.heard === 'not_with_borrower') d.flags.push({ flag: 'vehicle_not_with_borrower', item: 'vehicle_location', evidence: 'not_with_borrower' });
  const usage = by.get('vehicle_usage')?.heard;
  if (usage === 'pledged' || usage === 'rented_out') d.flags.push({ flag: 'vehicle_not_with_borrower', item: 'vehicle_usage', evidence: usage });
  if (by.get('loan_use')?.heard === 'other') d.flags.push({ flag: 'loan_use_breach', item: 'loan_use', evidence: 'other' });
  return d;
}

export interface Reconciliation {
  retract: Derived;
  add: Derived;
}

const keyOf = (x: object) => JSON.stringify(x);

/** What a correction changes: the derived items of the old answers that the new ones do not have, and the reverse. */
export function reconcile(before: Derived, after: Derived): Reconciliation {
  const diff = <T extends object>(a: T[], b: T[]) => {
    const keys = new Set(b.map(keyOf));
    return a.filter((x) => !keys.has(keyOf(x)));
  };
  return {
    retract: { facts: diff(before.facts, after.facts), verified: diff(before.verified, after.verified), flags: diff(before.flags, after.flags), tasks: diff(before.tasks, after.tasks) },
    add: { facts: diff(after.facts, before.facts), verified: diff(after.verified, before.verified), flags: diff(after.flags, before.flags), tasks: diff(after.tasks, before.tasks) },
  };
}

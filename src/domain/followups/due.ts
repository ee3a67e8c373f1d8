import { addDays, type BusinessDate } from '../business-date.js';
import { monthlyDueDate } from '../due-dates.js';
import type { EventTrigger, FollowUpPolicy, RiskGrade } from './policy.js';

/**
 * Which follow-ups a loan owes on a business date. Close of business calls this for loans whose
 * inputs changed and inserts the tasks by `key`, so running it twice, or on a later day, never
 * makes a second task for the same reason.
 */
export interface FollowUpFacts {
  loanId: number;
  disbursementDate: BusinessDate;
  /** null until the behaviour scorecard grades the loan: treated as C */
  riskGrade: RiskGrade | null;
  outstandingPrincipalFen: number;
  selfEmployed: boolean;
  smallBusinessOwner: boolean;
  /** the last completed follow-up of any kind; null if none */
  lastCompletedOn: BusinessDate | null;
  /** true once the post-disbursement follow-up is completed */
  postDisbursementDone: boolean;
  events: readonly { trigger: EventTrigger; on: BusinessDate; ref: string; scoreDelta?: number }[];
}

export type FollowUpKind = 'post_disbursement' | 'periodic' | 'event';
export type FollowUpChannel = 'phone' | 'field';

export interface DueFollowUp {
  key: string;
  loanId: number;
  kind: FollowUpKind;
  trigger: EventTrigger | null;
  /** the day the follow-up falls due */
  dueOn: BusinessDate;
  /** the day it must be done by: the due day plus the policy's SLA (for post-disbursement and events the window is the SLA) */
  doneBy: BusinessDate;
  channel: FollowUpChannel;
  /** why a field visit (empty for phone) */
  fieldReasons: string[];
}

export const DEFAULT_GRADE: RiskGrade = 'C';

export function channelFor(policy: FollowUpPolicy, f: FollowUpFacts): { channel: FollowUpChannel; fieldReasons: string[] } {
  const fv = policy.fieldVisit;
  const reasons: string[] = [];
  if (fv.selfEmployed && f.selfEmployed) reasons.push('self_employed');
  if (fv.smallBusinessOwner && f.smallBusinessOwner) reasons.push('small_business_owner');
  if (fv.exposureFromFen !== null && f.outstandingPrincipalFen >= fv.exposureFromFen) reasons.push('large_exposure');
  if (fv.grades.includes(f.riskGrade ?? DEFAULT_GRADE)) reasons.push(`grade_${f.riskGrade ?? DEFAULT_GRADE}`);
  return { channel: reasons.length > 0 ? 'field' : 'phone', fieldReasons: reasons };
}

export function dueFollowUps(policy: FollowUpPolicy, f: FollowUpFacts, asOf: BusinessDate): DueFollowUp[] {
  if (asOf < f.disbursementDate) return [];
  const { channel, fieldReasons } = channelFor(policy, f);
  const out: DueFollowUp[] = [];
  if (!f.postDisbursementDone) {
    const doneBy = addDays(f.disbursementDate, policy.afterDisbursementDays);
    out.push({ key: `post/${f.loanId}`, loanId: f.loanId, kind: 'post_disbursement', trigger: null, dueOn: f.disbursementDate, doneBy, channel, fieldReasons });
  }
  // the periodic clock runs from the last completed follow-up, or from disbursement
  const months = policy.periodicMonthsByGrade[f.riskGrade ?? DEFAULT_GRADE];
  const periodicDue = monthlyDueDate(f.lastCompletedOn ?? f.disbursementDate, months);
  if (periodicDue <= asOf) {
    out.push({ key: `periodic/${f.loanId}/${periodicDue}`, loanId: f.loanId, kind: 'periodic', trigger: null, dueOn: periodicDue, doneBy: addDays(periodicDue, policy.slaDays), channel, fieldReasons });
  }
  for (const e of f.events) {
    if (e.on > asOf) continue;
    // an event already followed up (a follow-up completed on or after it) needs nothing more
    if (f.lastCompletedOn !== null && f.lastCompletedOn >= e.on) continue;
    if (e.trigger === 'score_change' && Math.abs(e.scoreDelta ?? 0) < policy.scoreChangePoints) continue;
    out.push({ key: `event/${f.loanId}/${e.trigger}/${e.on}/${e.ref}`, loanId: f.loanId, kind: 'event', trigger: e.trigger, dueOn: e.on, doneBy: addDays(e.on, policy.eventWithinDays[e.trigger]), channel, fieldReasons });
  }
  return out;
}

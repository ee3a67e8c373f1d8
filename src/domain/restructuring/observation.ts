import { addDays, type BusinessDate } from '../business-date.js';
import { monthlyDueDate } from '../due-dates.js';

/**
 * The restructuring observation period (重组观察期), per 《商业银行金融资产风险分类办法》(2023) as
 * summarised in shared/DOMAIN-RULES.md §1.1: it starts on the first due date after the change,
 * lasts at least one year and at least two consecutive installments, and a missed installment
 * restarts it. We restart it on the first due date after the missed one, mirroring how it first
 * starts (on the first repayment date after the event): the missed installment cannot count as
 * performance. While it runs the loan is at least 关注 (at least 次级 if it was non-performing when
 * restructured, or restructured again after missed payments) and at least IFRS 9 stage 2.
 */
export interface ObservationInput {
  /** the due dates of the installments after the change, in order */
  dueDates: readonly BusinessDate[];
  /** each installment's settlement date (principal and interest fully paid), or null */
  settledOn: readonly (BusinessDate | null)[];
  /** non-performing (次级 or worse) on the day of the change, or a repeat restructuring after missed payments */
  wasNonPerforming: boolean;
  asOf: BusinessDate;
  /** days after a due date within which payment still counts as on time */
  graceDays: number;
}

export interface Observation {
  observed: boolean;
  /** the current period's first due date; null once no due date is left to start one */
  periodStart: BusinessDate | null;
  /** the earliest day it can end if its installments are paid on time */
  earliestEnd: BusinessDate | null;
  /** due dates of the missed installments that restarted it */
  missed: BusinessDate[];
  classFloor: 'special_mention' | 'substandard' | null;
  stageFloor: 2 | null;
}

const MIN_INSTALLMENTS = 2;

export function observation(x: ObservationInput): Observation {
  if (x.dueDates.length !== x.settledOn.length) throw new Error('every due date needs its settlement');
  const deadline = (i: number) => addDays(x.dueDates[i]!, x.graceDays);
  const onTime = (i: number) => {
    const s = x.settledOn[i];
    return s !== null && s !== undefined && s <= deadline(i) && s <= x.asOf;
  };
  let start = 0;
  const missed: BusinessDate[] = [];
  for (let i = 0; i < x.dueDates.length && deadline(i) < x.asOf; i++) {
    if (!onTime(i)) {
      missed.push(x.dueDates[i]!);
      start = i + 1;
    }
  }
  const periodStart = x.dueDates[start] ?? null;
  const last = start + MIN_INSTALLMENTS - 1;
  let earliestEnd: BusinessDate | null = null;
  if (periodStart !== null && x.dueDates[last] !== undefined) {
    const yearOn = addDays(monthlyDueDate(periodStart, 12), -1);
    earliestEnd = x.dueDates[last]! > yearOn ? x.dueDates[last]! : yearOn;
  }
  // the period is over once its length is served and its first two installments were paid on time
  const served = earliestEnd !== null && x.asOf > earliestEnd && onTime(start) && onTime(last);
  const observed = !served;
  return {
    observed,
    periodStart,
    earliestEnd,
    missed,
    classFloor: observed ? (x.wasNonPerforming ? 'substandard' : 'special_mention') : null,
    stageFloor: observed ? 2 : null,
  };
}

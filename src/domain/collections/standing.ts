import { type BusinessDate, daysBetween, fromDayNumber, toDayNumber } from '../business-date.js';
import { type CollectionFacts, meets, strategyDay } from './evaluate.js';
import type { Condition, Strategy } from './strategy.js';

/**
 * A loan's facts as close of business leaves them, apart from the date: what the strategy sees
 * on a given day follows from these and that day alone (factsOn). Its next unpaid due dates
 * are the ones inside the strategies' lead time (today's included), as the run reads them.
 */
export interface StandingFacts extends Omit<CollectionFacts, 'asOf' | 'dpd' | 'oldestUnpaidDue' | 'nextDue'> {
  overdueSince: BusinessDate | null;
  /** the first unpaid due date from today on, for a loan not overdue */
  nextUnpaid: BusinessDate | null;
  /** the first unpaid due date after today */
  nextAfter: BusinessDate | null;
}

/** The facts the strategy sees on `date`: days past due, and the due date a current loan is anchored on. */
export function factsOn(s: StandingFacts, date: BusinessDate): CollectionFacts {
  const dueToday = s.nextUnpaid === date;
  // spelled out: an object rest over these fields cost about 3 µs a loan, more than evaluating it
  return {
    loanId: s.loanId,
    asOf: date,
    dpd: s.overdueSince === null ? 0 : daysBetween(s.overdueSince, date),
    bucket: s.bucket,
    overdueFen: s.overdueFen,
    product: s.product,
    branchCode: s.branchCode,
    riskGrade: s.riskGrade,
    tags: s.tags,
    promise: s.promise,
    oldestUnpaidDue: s.overdueSince ?? (dueToday ? date : null),
    nextDue: dueToday ? s.nextAfter : s.nextUnpaid,
    planKeptSince: s.planKeptSince ?? null,
    planBrokenOn: s.planBrokenOn ?? null,
  };
}

/** A segment's conditions other than its DPD band, made once per segment. */
const timelessOf = new WeakMap<Condition, Condition>();
function timeless(when: Condition): Condition {
  let t = timelessOf.get(when);
  if (t === undefined) {
    t = { ...when };
    delete t.dpdMin;
    delete t.dpdMax;
    timelessOf.set(when, t);
  }
  return t;
}

/**
 * The first day after `date` on which `strategy` could decide differently for a loan whose
 * standing facts stay as they are, or null when no later day could: the days its steps start or
 * repeat on (from the anchor it has on `date`) and the days its DPD crosses a segment's bounds,
 * only of the segments that could take the loan today or later (it meets their conditions other
 * than DPD, and has not passed their DPD band). Between `date` and that day every evaluation is
 * the one of `date` (same segment, same step occurrence), so a run need not evaluate the loan
 * again until then unless its standing facts change. Early is safe; late is not
 * (standing.test.ts). A due date passing is not among those days: the anchor stays that due date
 * (factsOn), and the next day's facts differ anyway (it is paid, or the loan is overdue).
 */
export function nextEvaluationOn(strategy: Strategy, s: StandingFacts, date: BusinessDate): BusinessDate | null {
  // in day numbers: a date string made and compared for every step of every segment cost more
  // than the rest of the function
  const today = toDayNumber(date);
  let next = Infinity;
  const facts = factsOn(s, date);
  const position = strategyDay(facts);
  const since = s.overdueSince === null ? null : toDayNumber(s.overdueSince);
  for (const segment of strategy.segments) {
    const { dpdMin, dpdMax } = segment.when;
    if (!meets(timeless(segment.when), facts)) continue;
    // DPD only grows (and stays 0 for a loan not overdue); a band the loan is in today still ends
    const reachable = since === null ? (dpdMin ?? 0) === 0 : dpdMax === undefined || dpdMax >= facts.dpd;
    if (!reachable) continue;
    if (since !== null) {
      if (dpdMin !== undefined && since + dpdMin > today) next = Math.min(next, since + dpdMin);
      if (dpdMax !== undefined && since + dpdMax + 1 > today) next = Math.min(next, since + dpdMax + 1);
    }
    if (position === null) continue;
    for (const t of segment.treatments) {
      const start = t.day - position.day;
      if (start > 0) next = Math.min(next, today + start);
      // a repeating step's next occurrence after today
      else if (t.repeatEveryDays !== undefined) next = Math.min(next, today + t.repeatEveryDays - (-start % t.repeatEveryDays));
    }
  }
  return next === Infinity ? null : fromDayNumber(next);
}

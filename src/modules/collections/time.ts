import { addDays, type BusinessDate } from '../../domain/business-date.js';
import { HOUR_MS, type Instant, instantFromMs, instantToIso, localDate, zonedInstant } from '../../domain/compliance/index.js';

/**
 * The lender's zone and jurisdiction. Business dates are days in this zone: a task made at the
 * close of D is worked from the start of D+1 here, its SLA counted from then, and a contact
 * counts for coverage on its local day. One lender, one zone, for now; borrowers elsewhere are
 * judged in their own zone by the compliance guard when the case gives one.
 */
export const LENDER_TIME_ZONE = 'Asia/Shanghai';
export const JURISDICTION = 'CN';

/** The first instant after business date `date` in the lender's zone. */
export function endOfBusinessDay(date: BusinessDate): Instant {
  return zonedInstant(addDays(date, 1), 0, LENDER_TIME_ZONE);
}

/** When a task made at the close of `date` with an SLA of `slaHours` is due. */
export function dueBy(date: BusinessDate, slaHours: number): string {
  return instantToIso(instantFromMs(endOfBusinessDay(date) + slaHours * HOUR_MS));
}

export function lenderDate(at: Instant): BusinessDate {
  return localDate(at, LENDER_TIME_ZONE);
}

export const instantOf = (d: Date): Instant => instantFromMs(d.getTime());

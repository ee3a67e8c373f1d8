import { addDays, type BusinessDate, daysBetween } from '../business-date.js';

/**
 * The coverage watchdog (逾期不催收): after each close of business, every overdue loan is either
 * worked within its service levels, still inside them, lawfully on hold, or uncovered, and an
 * uncovered loan says why. Service levels are data per bucket, counted in days past due: the owner
 * by day `ownerWithinDays`, the first real attempt by day `firstAttemptWithinDays`, then one at
 * least every `attemptEveryDays`. An attempt the compliance guard refused is not an attempt: a
 * loan worked only by refused attempts is uncovered, with that reason, because the debtor was
 * never reached lawfully. When a hold (停催) ends, the clock for the first attempt starts again
 * from the day after it ended.
 *
 * Coverage = loans not uncovered ÷ all overdue loans; a loan still inside its window has not yet
 * failed, and one on a hold with a reason and an expiry is covered by that hold. The counts of
 * each kind are reported beside the rate so nobody has to trust the definition blindly.
 */
export interface CoverageSla {
  bucket: string;
  ownerWithinDays: number;
  firstAttemptWithinDays: number;
  /** null: one attempt is enough while the loan stays in this bucket */
  attemptEveryDays: number | null;
}

export const DEFAULT_COVERAGE_SLAS: readonly CoverageSla[] = [
  { bucket: 'M1', ownerWithinDays: 1, firstAttemptWithinDays: 3, attemptEveryDays: 7 },
  { bucket: 'M2', ownerWithinDays: 1, firstAttemptWithinDays: 2, attemptEveryDays: 5 },
  { bucket: 'M3', ownerWithinDays: 1, firstAttemptWithinDays: 2, attemptEveryDays: 3 },
  { bucket: 'M4', ownerWithinDays: 1, firstAttemptWithinDays: 2, attemptEveryDays: 3 },
  { bucket: 'M5', ownerWithinDays: 1, firstAttemptWithinDays: 2, attemptEveryDays: 3 },
  { bucket: 'M6', ownerWithinDays: 1, firstAttemptWithinDays: 2, attemptEveryDays: 3 },
  { bucket: 'M7+', ownerWithinDays: 1, firstAttemptWithinDays: 2, attemptEveryDays: 7 },
];

export interface CoverageFacts {
  loanId: number;
  asOf: BusinessDate;
  dpd: number;
  bucket: string;
  /** the oldest unpaid due date: DPD counts from it */
  oldestUnpaidDue: BusinessDate;
  /** when the current owner took the case; null: nobody owns it */
  ownerSince: BusinessDate | null;
  /** contact attempts on this loan since its oldest unpaid due date */
  attempts: readonly { on: BusinessDate; blocked: boolean }[];
  holds: readonly { kind: string; reason: string; from: BusinessDate; until: BusinessDate | null }[];
}

export const COVERAGE_REASONS = ['no_owner', 'no_attempt', 'only_blocked_attempts', 'no_recent_attempt', 'hold_expired'] as const;
export type CoverageReason = (typeof COVERAGE_REASONS)[number];

export interface CoverageResult {
  loanId: number;
  status: 'covered' | 'pending' | 'held' | 'uncovered';
  reasons: CoverageReason[];
  /** for pending: the first day the loan will be uncovered if nothing happens */
  deadline: BusinessDate | null;
}

export function slaFor(slas: readonly CoverageSla[], bucket: string): CoverageSla {
  const sla = slas.find((s) => s.bucket === bucket);
  if (sla === undefined) throw new Error(`no coverage service level for bucket ${bucket}`);
  return sla;
}

export function checkCoverage(slas: readonly CoverageSla[], f: CoverageFacts): CoverageResult {
  const activeHold = f.holds.find((h) => h.from <= f.asOf && (h.until === null || h.until >= f.asOf));
  if (activeHold !== undefined) return { loanId: f.loanId, status: 'held', reasons: [], deadline: activeHold.until === null ? null : addDays(activeHold.until, 1) };
  const sla = slaFor(slas, f.bucket);
  const reasons: CoverageReason[] = [];
  const deadlines: BusinessDate[] = [];

  const ownerDue = addDays(f.oldestUnpaidDue, sla.ownerWithinDays);
  if (f.ownerSince === null) {
    if (f.asOf > ownerDue) reasons.push('no_owner');
    else deadlines.push(addDays(ownerDue, 1));
  }

  // Day 0 of the attempt clock is the oldest unpaid due date, or the last day of a hold that has
  // ended since; attempts count from day 0 (a call on the due date is an attempt), or from the
  // day after the hold.
  const lastHoldEnd = f.holds.reduce<BusinessDate | null>((m, h) => (h.until !== null && h.until < f.asOf && h.until >= f.oldestUnpaidDue && (m === null || h.until > m) ? h.until : m), null);
  const day0 = lastHoldEnd ?? f.oldestUnpaidDue;
  const afterClock = f.attempts.filter((a) => (lastHoldEnd === null ? a.on >= day0 : a.on > day0));
  const real = afterClock.filter((a) => !a.blocked);
  const firstDue = addDays(day0, sla.firstAttemptWithinDays);
  if (real.length === 0) {
    if (f.asOf > firstDue) reasons.push(lastHoldEnd !== null ? 'hold_expired' : afterClock.length > 0 ? 'only_blocked_attempts' : 'no_attempt');
    else deadlines.push(addDays(firstDue, 1));
  } else if (sla.attemptEveryDays !== null) {
    const last = real.reduce((m, a) => (a.on > m ? a.on : m), real[0]!.on);
    if (daysBetween(last, f.asOf) > sla.attemptEveryDays) reasons.push('no_recent_attempt');
    else deadlines.push(addDays(last, sla.attemptEveryDays + 1));
  }

  if (reasons.length > 0) return { loanId: f.loanId, status: 'uncovered', reasons, deadline: null };
  const deadline = deadlines.length === 0 ? null : deadlines.reduce((m, x) => (x < m ? x : m));
  return { loanId: f.loanId, status: f.ownerSince === null || real.length === 0 ? 'pending' : 'covered', reasons, deadline };
}

export interface CoverageSummary {
  overdue: number;
  covered: number;
  pending: number;
  held: number;
  uncovered: number;
  /** loans not uncovered ÷ overdue loans; 1 when nothing is overdue */
  rate: number;
  byReason: Record<CoverageReason, number>;
}

/**
 * Counts of coverage results, added one at a time: a run tallies each branch, team and collector
 * as it checks the loans, without keeping every result to summarise at the end.
 */
export interface CoverageTally {
  overdue: number;
  covered: number;
  pending: number;
  held: number;
  uncovered: number;
  byReason: Record<CoverageReason, number>;
}

export function emptyTally(): CoverageTally {
  return { overdue: 0, covered: 0, pending: 0, held: 0, uncovered: 0, byReason: Object.fromEntries(COVERAGE_REASONS.map((r) => [r, 0])) as Record<CoverageReason, number> };
}

/** Counts one more result into the tally (the tally is the caller's own accumulator). */
export function addToTally(t: CoverageTally, r: CoverageResult): void {
  t.overdue += 1;
  t[r.status] += 1;
  for (const reason of r.reasons) t.byReason[reason] += 1;
}

export function summaryOfTally(t: CoverageTally): CoverageSummary {
  return { overdue: t.overdue, covered: t.covered, pending: t.pending, held: t.held, uncovered: t.uncovered, rate: t.overdue === 0 ? 1 : (t.overdue - t.uncovered) / t.overdue, byReason: { ...t.byReason } };
}

export function summariseCoverage(results: readonly CoverageResult[]): CoverageSummary {
  const t = emptyTally();
  for (const r of results) addToTally(t, r);
  return summaryOfTally(t);
}

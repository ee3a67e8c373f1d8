import { createHash } from 'node:crypto';
import { type BusinessDate, daysInMonth, parseBusinessDate } from '../business-date.js';
import type { Dataset } from './dataset.js';
import { BEHAVIOUR_FEATURES, type BehaviourFeatures } from './features.js';

/**
 * Training a behaviour scorecard on the book's own history. The sample is every loan on the book at
 * a past month end and not yet in default (under 60 DPD); its features are behaviourFeatures as of
 * that month end; it is bad when it stood at 60 DPD or more at any of the following six month ends.
 * Month ends, not days: the month-end snapshot is the history every close keeps (and the generator
 * writes), so a model trained today and one trained next year read the same record.
 */
export const BOOK_TARGET = {
  badDpd: 60,
  horizonMonths: 6,
  /** the name the model card gives the target */
  name: 'dpd60_within_6m',
} as const;

/** Months of history a loan's features look back over (BehaviourFeatures' longest window). */
export const LOOKBACK_MONTHS = 12;

export interface BookRow {
  loanId: number;
  features: BehaviourFeatures;
  bad: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthEnd(year: number, month: number): BusinessDate {
  // month may run past 1..12: normalise it to a year and month first
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return parseBusinessDate(`${y}-${pad(m)}-${pad(daysInMonth(y, m))}`);
}

export function isMonthEnd(date: BusinessDate): boolean {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return monthEnd(y, m) === date;
}

/** The `count` month ends strictly before `date`, latest first. */
export function monthEndsBefore(date: BusinessDate, count: number): BusinessDate[] {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = monthEnd(y, m) < date ? 0 : 1;
  return Array.from({ length: count }, (_, i) => monthEnd(y, m - first - i));
}

/** The `count` month ends strictly after `date`, earliest first. */
export function monthEndsAfter(date: BusinessDate, count: number): BusinessDate[] {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = monthEnd(y, m) > date ? 0 : 1;
  return Array.from({ length: count }, (_, i) => monthEnd(y, m + first + i));
}

/** The data set in BEHAVIOUR_FEATURES order (missing values NaN), rows in the order given. */
export function bookDataset(rows: readonly BookRow[]): Dataset {
  return {
    features: [...BEHAVIOUR_FEATURES],
    columns: BEHAVIOUR_FEATURES.map((name) => Float64Array.from(rows, (r) => r.features[name] ?? NaN)),
    target: Uint8Array.from(rows, (r) => (r.bad ? 1 : 0)),
    rows: rows.length,
  };
}

/**
 * The SHA-256 of the sample as a CSV (loan id, the features, the target; rows by loan id): the model
 * card names its training data by it, so the same book at the same month end gives the same hash.
 */
export function bookSha256(rows: readonly BookRow[]): string {
  const hash = createHash('sha256');
  hash.update(`loan_id,${BEHAVIOUR_FEATURES.join(',')},bad\n`);
  for (const r of [...rows].sort((a, b) => a.loanId - b.loanId)) {
    hash.update(`${r.loanId},${BEHAVIOUR_FEATURES.map((n) => (r.features[n] === null ? '' : String(r.features[n]))).join(',')},${r.bad ? 1 : 0}\n`);
  }
  return hash.digest('hex');
}

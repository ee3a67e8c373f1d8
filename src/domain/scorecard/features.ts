/**
 * A loan's behaviour features for the scorecard, from its history as of the month being scored.
 * The loader (close of business) fills one BehaviourHistory per active loan; this function only
 * reads it, so a loan scores the same however and whenever its history was assembled.
 */
export interface BehaviourHistory {
  /** Days past due at each month end since disbursement, oldest first; the last is the month scored. */
  monthlyDpd: readonly number[];
  /** Instalment amounts falling due in each of those months, in fen (0 in a month with nothing due). */
  dueFen: readonly number[];
  /** Amounts paid in each of those months, in fen. */
  paidFen: readonly number[];
  /** Outstanding principal ÷ current vehicle value at the month end scored; null when there is no valuation. */
  ltv: number | null;
  /** Early-warning and telematics alerts opened in the last 12 months. */
  alerts12m: number;
  /** Follow-up answers contradicting the loan file (income, employer, address, phone) in the last 12 months. */
  followupDiscrepancies12m: number;
}

export interface BehaviourFeatures {
  maxDpd3m: number;
  maxDpd6m: number;
  maxDpd12m: number;
  /** Months in the last 12 that ended with any amount past due. */
  overdueMonths12m: number;
  monthsOnBook: number;
  /** Paid ÷ due over the last 6 months; above 1 for prepayment; null when nothing fell due. */
  paymentRatio6m: number | null;
  ltv: number | null;
  alerts12m: number;
  followupDiscrepancies12m: number;
}

/** Column order when features become a scorecard row (null becomes a missing value). */
export const BEHAVIOUR_FEATURES = ['maxDpd3m', 'maxDpd6m', 'maxDpd12m', 'overdueMonths12m', 'monthsOnBook', 'paymentRatio6m', 'ltv', 'alerts12m', 'followupDiscrepancies12m'] as const satisfies readonly (keyof BehaviourFeatures)[];

export class InvalidHistory extends Error {
  constructor(
    readonly field: keyof BehaviourHistory,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidHistory';
  }
}

const isCount = (x: number) => Number.isSafeInteger(x) && x >= 0;

function check(h: BehaviourHistory): void {
  const months = h.monthlyDpd.length;
  if (months === 0) throw new InvalidHistory('monthlyDpd', 'a loan is scored from its first month end on; no months given');
  if (!h.monthlyDpd.every(isCount)) throw new InvalidHistory('monthlyDpd', 'days past due are whole numbers ≥ 0');
  for (const field of ['dueFen', 'paidFen'] as const) {
    if (h[field].length !== months) throw new InvalidHistory(field, `one amount per month: expected ${months}, got ${h[field].length}`);
    if (!h[field].every(isCount)) throw new InvalidHistory(field, 'amounts are whole fen ≥ 0');
  }
  if (h.ltv !== null && !(Number.isFinite(h.ltv) && h.ltv >= 0)) throw new InvalidHistory('ltv', 'a ratio ≥ 0 or null');
  if (!isCount(h.alerts12m)) throw new InvalidHistory('alerts12m', 'a count ≥ 0');
  if (!isCount(h.followupDiscrepancies12m)) throw new InvalidHistory('followupDiscrepancies12m', 'a count ≥ 0');
}

/** Windows shorter than the loan's life use the months there are: a 2-month-old loan's 12-month max is over 2 months. */
export function behaviourFeatures(h: BehaviourHistory): BehaviourFeatures {
  check(h);
  const last = <T>(xs: readonly T[], n: number) => xs.slice(Math.max(0, xs.length - n));
  const maxOf = (n: number) => Math.max(...last(h.monthlyDpd, n));
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const due6 = sum(last(h.dueFen, 6));
  return {
    maxDpd3m: maxOf(3),
    maxDpd6m: maxOf(6),
    maxDpd12m: maxOf(12),
    overdueMonths12m: last(h.monthlyDpd, 12).filter((d) => d > 0).length,
    monthsOnBook: h.monthlyDpd.length,
    paymentRatio6m: due6 === 0 ? null : sum(last(h.paidFen, 6)) / due6,
    ltv: h.ltv,
    alerts12m: h.alerts12m,
    followupDiscrepancies12m: h.followupDiscrepancies12m,
  };
}

/** The features as a scorecard row in BEHAVIOUR_FEATURES order, NaN for a missing value. */
export function behaviourRow(f: BehaviourFeatures): number[] {
  return BEHAVIOUR_FEATURES.map((name) => f[name] ?? NaN);
}

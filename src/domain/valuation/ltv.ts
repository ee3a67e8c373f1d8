import { type BusinessDate, daysBetween } from '../business-date.js';

/**
 * A vehicle's current value and the loan-to-value it implies. A manual appraisal (source and
 * date) overrides the model until it ages out; the model value moves with its segment's market
 * index. LTV is kept in basis points (outstanding × 10,000 ÷ value, rounded half up) so a
 * threshold like 120 % is the integer 12,000 and comparisons never meet a float.
 */
export interface Appraisal {
  valueFen: number;
  on: BusinessDate;
  source: string;
}

export interface Valuation {
  valueFen: number;
  basis: 'appraisal' | 'model';
  /** for an appraisal: its date and source; for the model: the index used */
  detail: { on: BusinessDate; source: string } | { indexBase: number; indexNow: number };
}

/** Index points per month, e.g. { '2026-10': 98.2 }; the last month at or before a date applies. */
export type MarketIndex = Readonly<Record<string, number>>;

export function indexAt(index: MarketIndex, date: BusinessDate): number | null {
  const month = date.slice(0, 7);
  let best: string | null = null;
  for (const m of Object.keys(index)) if (m <= month && (best === null || m > best)) best = m;
  return best === null ? null : index[best]!;
}

export function currentValuation(
  modelValueFen: number,
  appraisals: readonly Appraisal[],
  asOf: BusinessDate,
  options: { appraisalValidDays: number; index?: MarketIndex; indexBaseDate?: BusinessDate },
): Valuation {
  const valid = appraisals.filter((a) => a.on <= asOf && daysBetween(a.on, asOf) <= options.appraisalValidDays).sort((a, b) => (a.on < b.on ? 1 : -1));
  const latest = valid[0];
  if (latest !== undefined) return { valueFen: latest.valueFen, basis: 'appraisal', detail: { on: latest.on, source: latest.source } };
  const base = options.index && options.indexBaseDate ? indexAt(options.index, options.indexBaseDate) : null;
  const now = options.index ? indexAt(options.index, asOf) : null;
  if (base === null || now === null || base <= 0) return { valueFen: modelValueFen, basis: 'model', detail: { indexBase: 100, indexNow: 100 } };
  return { valueFen: Math.round((modelValueFen * now) / base), basis: 'model', detail: { indexBase: base, indexNow: now } };
}

/** Loan-to-value in basis points; a vehicle worth nothing makes any debt infinitely uncovered. */
export function ltvBp(outstandingFen: number, valueFen: number): number {
  if (valueFen <= 0) return outstandingFen > 0 ? Number.POSITIVE_INFINITY : 0;
  return Math.floor((outstandingFen * 10_000 * 2 + valueFen) / (2 * valueFen));
}

/** LTV alert thresholds per product, in basis points, as data. */
export const DEFAULT_LTV_THRESHOLDS_BP: Readonly<Record<string, number>> = {
  new_car: 10_000,
  used_car: 9_000,
  commercial: 10_000,
  floor_plan: 8_500,
  pool_auto: 12_000,
};

/** An alert when LTV crosses the product's threshold upward (at or above it today, below it before). */
export function ltvCrossing(product: string, previousBp: number | null, currentBp: number, thresholds: Readonly<Record<string, number>> = DEFAULT_LTV_THRESHOLDS_BP): { thresholdBp: number } | null {
  const threshold = thresholds[product];
  if (threshold === undefined) throw new Error(`no LTV threshold for product ${product}`);
  return currentBp >= threshold && (previousBp === null || previousBp < threshold) ? { thresholdBp: threshold } : null;
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SegmentFit } from '../../domain/valuation/depreciation.js';
import type { MarketIndex } from '../../domain/valuation/ltv.js';

export interface CollateralSettings {
  appraisalValidDays: number;
  kmPerYear: number;
  insuranceReminderDays: number;
  requiredInsurance: string[];
}

export async function loadSettings(db: Kysely<DB>): Promise<CollateralSettings> {
  const row = await db.selectFrom('collateral_setting').selectAll().executeTakeFirstOrThrow();
  return { appraisalValidDays: row.appraisal_valid_days, kmPerYear: row.km_per_year, insuranceReminderDays: row.insurance_reminder_days, requiredInsurance: row.required_insurance };
}

export type StoredFit = Pick<SegmentFit, 'segment' | 'perYear' | 'per10kKm'> & { version: number };

/** The latest fit of every segment (a fit stores all six at once, so they share a version). */
export async function currentFits(db: Kysely<DB>): Promise<Map<string, StoredFit>> {
  const rows = await db
    .selectFrom('valuation_fit')
    .select(['version', 'segment', 'per_year', 'per_10k_km'])
    .where('version', '=', (eb) => eb.selectFrom('valuation_fit').select((s) => s.fn.max('version').as('v')))
    .execute();
  return new Map(rows.map((r) => [r.segment, { version: r.version, segment: r.segment, perYear: r.per_year, per10kKm: r.per_10k_km }]));
}

/** The market index of every segment, month by month. */
export async function marketIndexes(db: Kysely<DB>): Promise<Map<string, MarketIndex>> {
  const rows = await db.selectFrom('market_index').select(['segment', 'month', 'points']).execute();
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const m = out.get(r.segment) ?? {};
    m[r.month] = Number(r.points);
    out.set(r.segment, m);
  }
  return out;
}

export async function ltvThresholds(db: Kysely<DB>): Promise<Record<string, number>> {
  const rows = await db.selectFrom('ltv_threshold').select(['product_code', 'threshold_bp']).execute();
  return Object.fromEntries(rows.map((r) => [r.product_code, r.threshold_bp]));
}

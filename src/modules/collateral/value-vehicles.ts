import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { type BusinessDate, daysBetween, parseBusinessDate } from '../../domain/business-date.js';
import { modelValueFen, retainedShare } from '../../domain/valuation/depreciation.js';
import { currentValuation, type Valuation } from '../../domain/valuation/ltv.js';
import { vehicleSegment } from './segments.js';
import { type CollateralSettings, currentFits, marketIndexes, type StoredFit } from './settings.js';

const BATCH = 5000;
const DAYS_PER_YEAR = 365.25;

/** Gives every vehicle without a segment the one its make and model imply (a handful of distinct pairs). */
export async function assignSegments(db: Kysely<DB>): Promise<number> {
  const pairs = await db.selectFrom('vehicle').select(['make', 'model']).distinct().where('segment', 'is', null).execute();
  if (pairs.length === 0) return 0;
  const result = await sql`
    UPDATE vehicle v SET segment = m.segment
      FROM unnest(${arrayLiteral(pairs.map((p) => p.make), 'text')}::text[], ${arrayLiteral(pairs.map((p) => p.model), 'text')}::text[],
                  ${arrayLiteral(pairs.map((p) => vehicleSegment(p.make, p.model)), 'text')}::text[]) AS m(make, model, segment)
     WHERE v.segment IS NULL AND v.make = m.make AND v.model = m.model`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

interface VehicleInput {
  id: number;
  segment: string;
  condition: 'new' | 'used';
  model_year: number;
  price_fen: number;
  mileage_km: number;
  first_disbursed: string;
  appraisal_id: number | null;
  appraisal_fen: number | null;
  appraised_on: string | null;
  appraisal_source: string | null;
  prev_value_fen: number | null;
  prev_basis: string | null;
}

export interface ValuedVehicle {
  vehicleId: number;
  valuation: Valuation;
  modelValueFen: number;
  fitVersion: number;
  segment: string;
  ageYears: number;
  kmEstimate: number;
  appraisalId: number | null;
  /** the segment has a market index (else the index columns stay empty) */
  indexed: boolean;
}

/**
 * One vehicle's value on a date. The purchase (its first loan's disbursement) anchors the model: the
 * price paid then, at the age and mileage it had, implies a price when new, and the segment's decay
 * runs on from there; mileage after purchase is estimated from the setting. The market index is
 * read at purchase and now. A valid appraisal overrides all of it (src/domain/valuation/ltv.ts).
 */
export function valueVehicle(v: VehicleInput, fit: StoredFit, settings: CollateralSettings, index: Readonly<Record<string, number>> | undefined, date: BusinessDate): ValuedVehicle {
  const purchased = parseBusinessDate(v.first_disbursed);
  const heldYears = Math.max(0, daysBetween(purchased, date)) / DAYS_PER_YEAR;
  // a used car's age at purchase counts from the middle of its model year
  const builtMid = parseBusinessDate(`${v.model_year}-07-01`);
  const ageAtPurchase = v.condition === 'new' ? 0 : Math.max(0, daysBetween(builtMid, purchased)) / DAYS_PER_YEAR;
  const kmAtPurchase = v.condition === 'new' ? 0 : v.mileage_km;
  const impliedNewFen = v.price_fen / retainedShare(fit, ageAtPurchase, kmAtPurchase);
  const ageYears = ageAtPurchase + heldYears;
  const kmEstimate = Math.round(kmAtPurchase + settings.kmPerYear * heldYears);
  const model = modelValueFen(fit, impliedNewFen, ageYears, kmEstimate);
  const appraisals = v.appraisal_fen !== null && v.appraised_on !== null ? [{ valueFen: v.appraisal_fen, on: parseBusinessDate(v.appraised_on), source: v.appraisal_source ?? '' }] : [];
  const valuation = currentValuation(model, appraisals, date, { appraisalValidDays: settings.appraisalValidDays, ...(index ? { index, indexBaseDate: purchased } : {}) });
  return {
    vehicleId: v.id,
    valuation,
    modelValueFen: model,
    fitVersion: fit.version,
    segment: v.segment,
    ageYears,
    kmEstimate,
    appraisalId: valuation.basis === 'appraisal' ? v.appraisal_id : null,
    indexed: index !== undefined,
  };
}

/** The financed vehicles with ids in [lo, hi]: one range of the id space per batch, so no batch rescans the rest. */
async function loadBatch(db: Kysely<DB>, date: BusinessDate, validDays: number, lo: number, hi: number): Promise<VehicleInput[]> {
  const { rows } = await sql<VehicleInput>`
    WITH f AS (
      SELECT lc.vehicle_id, min(l.disbursement_date) AS first_disbursed
        FROM loan_collateral lc JOIN loan l ON l.id = lc.loan_id
       WHERE lc.vehicle_id BETWEEN ${lo} AND ${hi} AND l.disbursement_date <= ${date}::date
       GROUP BY lc.vehicle_id
      HAVING bool_or(l.status = 'active'))
    SELECT v.id, v.segment, v.condition, v.model_year, v.price_fen, coalesce(v.mileage_km, 0) AS mileage_km, f.first_disbursed::text AS first_disbursed,
           a.id AS appraisal_id, a.value_fen AS appraisal_fen, a.appraised_on::text AS appraised_on, a.source AS appraisal_source,
           p.value_fen AS prev_value_fen, p.basis AS prev_basis
      FROM f
      JOIN vehicle v ON v.id = f.vehicle_id
      LEFT JOIN LATERAL (SELECT a.id, a.value_fen, a.appraised_on, a.source FROM vehicle_appraisal a
                          WHERE a.vehicle_id = v.id AND a.appraised_on <= ${date}::date AND a.appraised_on >= ${date}::date - ${validDays}::int
                          ORDER BY a.appraised_on DESC, a.id DESC LIMIT 1) a ON true
      LEFT JOIN LATERAL (SELECT p.value_fen, p.basis FROM vehicle_valuation p
                          WHERE p.vehicle_id = v.id AND p.valued_on < ${date}::date
                          ORDER BY p.valued_on DESC LIMIT 1) p ON true
     WHERE v.segment IS NOT NULL
     ORDER BY v.id`.execute(db);
  return rows;
}

async function store(db: Kysely<DB>, date: BusinessDate, changed: ValuedVehicle[], unchanged: number[]): Promise<void> {
  if (unchanged.length > 0) {
    // a rerun of the date whose value is now the same as before: that date's row is no change
    await sql`DELETE FROM vehicle_valuation WHERE valued_on = ${date}::date AND vehicle_id = ANY(${arrayLiteral(unchanged, 'bigint')}::bigint[])`.execute(db);
  }
  if (changed.length === 0) return;
  const col = <T>(f: (v: ValuedVehicle) => T) => changed.map(f);
  const index = (v: ValuedVehicle, which: 'indexBase' | 'indexNow') => (v.indexed && v.valuation.basis === 'model' && which in v.valuation.detail ? (v.valuation.detail as Record<string, number>)[which] : null);
  await sql`
    INSERT INTO vehicle_valuation (vehicle_id, valued_on, value_fen, basis, model_value_fen, fit_version, segment, age_years, km_estimate, index_base, index_now, appraisal_id)
    SELECT t.vehicle_id, ${date}::date, t.value_fen, t.basis, t.model_value_fen, t.fit_version, t.segment, t.age_years, t.km_estimate, t.index_base, t.index_now, t.appraisal_id
      FROM unnest(${arrayLiteral(col((v) => v.vehicleId), 'bigint')}::bigint[], ${arrayLiteral(col((v) => v.valuation.valueFen), 'bigint')}::bigint[],
                  ${arrayLiteral(col((v) => v.valuation.basis), 'text')}::text[], ${arrayLiteral(col((v) => v.modelValueFen), 'bigint')}::bigint[],
                  ${arrayLiteral(col((v) => v.fitVersion), 'integer')}::integer[], ${arrayLiteral(col((v) => v.segment), 'text')}::text[],
                  ${arrayLiteral(col((v) => v.ageYears.toFixed(2)), 'numeric')}::numeric[], ${arrayLiteral(col((v) => v.kmEstimate), 'integer')}::integer[],
                  ${arrayLiteral(col((v) => index(v, 'indexBase')), 'numeric')}::numeric[], ${arrayLiteral(col((v) => index(v, 'indexNow')), 'numeric')}::numeric[],
                  ${arrayLiteral(col((v) => v.appraisalId), 'bigint')}::bigint[])
           AS t(vehicle_id, value_fen, basis, model_value_fen, fit_version, segment, age_years, km_estimate, index_base, index_now, appraisal_id)
    ON CONFLICT (vehicle_id, valued_on) DO UPDATE SET
      value_fen = excluded.value_fen, basis = excluded.basis, model_value_fen = excluded.model_value_fen, fit_version = excluded.fit_version,
      segment = excluded.segment, age_years = excluded.age_years, km_estimate = excluded.km_estimate, index_base = excluded.index_base,
      index_now = excluded.index_now, appraisal_id = excluded.appraisal_id`.execute(db);
}

/**
 * Values every financed vehicle (one with an active loan disbursed by the date), a batch of vehicles
 * at a time, and stores the date's value where it differs from the vehicle's last stored one.
 */
export async function valueVehicles(db: Kysely<DB>, date: BusinessDate, settings: CollateralSettings): Promise<{ valued: number; written: number }> {
  const fits = await currentFits(db);
  const indexes = await marketIndexes(db);
  let valued = 0;
  let written = 0;
  const { lo, hi } = await db.selectFrom('vehicle').select((s) => [s.fn.min('id').as('lo'), s.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
  for (let from = lo ?? 1; hi !== null && from <= hi; from += BATCH) {
    const batch = await loadBatch(db, date, settings.appraisalValidDays, from, from + BATCH - 1);
    const changed: ValuedVehicle[] = [];
    const unchanged: number[] = [];
    for (const v of batch) {
      const fit = fits.get(v.segment);
      if (!fit) continue;
      const result = valueVehicle(v, fit, settings, indexes.get(v.segment), date);
      if (v.prev_value_fen === result.valuation.valueFen && v.prev_basis === result.valuation.basis) unchanged.push(v.id);
      else changed.push(result);
    }
    await db.transaction().execute((trx) => store(trx, date, changed, unchanged));
    valued += batch.length;
    written += changed.length;
  }
  return { valued, written };
}

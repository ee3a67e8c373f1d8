import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { vehicleBranchPath } from './scope.js';

export interface AppraisalInput {
  valueFen: number;
  source: string;
  appraisedOn: BusinessDate;
  note?: string | undefined;
}

const view = (r: { id: number; vehicle_id: number; value_fen: number; appraised_on: string; source: string; note: string | null; recorded_by: string; recorded_at: string }) => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  valueFen: r.value_fen,
  appraisedOn: r.appraised_on,
  source: r.source,
  note: r.note,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

/** Records an appraisal (never changed afterwards); it overrides the model from the next close. */
export async function recordAppraisal(db: Kysely<DB>, who: AuditWho, vehicleId: number, input: AppraisalInput) {
  const today = await currentBusinessDate(db);
  if (input.appraisedOn > today) throw new AppError('validation', undefined, [{ field: 'appraisedOn', message: `not after the business date ${today}` }]);
  return db.transaction().execute(async (trx) => {
    const path = await vehicleBranchPath(trx, vehicleId);
    if (path === null) throw new AppError('not-found');
    const row = await trx
      .insertInto('vehicle_appraisal')
      .values({ vehicle_id: vehicleId, value_fen: input.valueFen, appraised_on: input.appraisedOn, source: input.source, note: input.note ?? null, recorded_by_user_id: who.userId, recorded_by: who.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'vehicle.appraise', entityType: 'vehicle', entityId: vehicleId, branchPath: path, after: view(row) });
    return view(row);
  });
}

/** A vehicle's valuation history (changes only), its appraisals, and what it is valued as. */
export async function vehicleValuations(db: Kysely<DB>, vehicleId: number) {
  const vehicle = await db.selectFrom('vehicle').select(['id', 'make', 'model', 'model_year', 'condition', 'price_fen', 'mileage_km', 'segment']).where('id', '=', vehicleId).executeTakeFirst();
  if (!vehicle) throw new AppError('not-found');
  const history = await db.selectFrom('vehicle_valuation').selectAll().where('vehicle_id', '=', vehicleId).orderBy('valued_on', 'desc').execute();
  const appraisals = await db.selectFrom('vehicle_appraisal').selectAll().where('vehicle_id', '=', vehicleId).orderBy('appraised_on', 'desc').orderBy('id', 'desc').execute();
  const items = history.map((h) => ({
    valuedOn: h.valued_on,
    valueFen: h.value_fen,
    basis: h.basis,
    modelValueFen: h.model_value_fen,
    fitVersion: h.fit_version,
    segment: h.segment,
    ageYears: Number(h.age_years),
    kmEstimate: h.km_estimate,
    indexBase: h.index_base === null ? null : Number(h.index_base),
    indexNow: h.index_now === null ? null : Number(h.index_now),
    appraisalId: h.appraisal_id,
  }));
  return {
    vehicle: { id: vehicle.id, make: vehicle.make, model: vehicle.model, modelYear: vehicle.model_year, condition: vehicle.condition, priceFen: vehicle.price_fen, mileageKm: vehicle.mileage_km, segment: vehicle.segment },
    current: items[0] ?? null,
    history: items,
    appraisals: appraisals.map(view),
  };
}

import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, InsuranceKind, InsurancePolicyTable } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { vehicleBranchPath } from './scope.js';

export interface PolicyInput {
  insurer: string;
  policyNo: string;
  kind: InsuranceKind;
  startsOn: BusinessDate;
  endsOn: BusinessDate;
}

const view = (r: Selectable<InsurancePolicyTable>, today: BusinessDate) => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  insurer: r.insurer,
  policyNo: r.policy_no,
  kind: r.kind,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  inForce: r.starts_on <= today && today <= r.ends_on,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

/** Records a policy (交强险 or 商业险); the same insurer and policy number twice is a conflict. */
export async function recordPolicy(db: Kysely<DB>, who: AuditWho, vehicleId: number, input: PolicyInput) {
  if (input.endsOn < input.startsOn) throw new AppError('validation', undefined, [{ field: 'endsOn', message: 'not before startsOn' }]);
  const today = await currentBusinessDate(db);
  return db.transaction().execute(async (trx) => {
    const path = await vehicleBranchPath(trx, vehicleId);
    if (path === null) throw new AppError('not-found');
    const row = await trx
      .insertInto('insurance_policy')
      .values({ vehicle_id: vehicleId, insurer: input.insurer, policy_no: input.policyNo, kind: input.kind, starts_on: input.startsOn, ends_on: input.endsOn, recorded_by_user_id: who.userId, recorded_by: who.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'insurance.record', entityType: 'insurance_policy', entityId: row.id, branchPath: path, after: view(row, today) });
    return view(row, today);
  });
}

export async function vehiclePolicies(db: Kysely<DB>, vehicleId: number) {
  const today = await currentBusinessDate(db);
  const rows = await db.selectFrom('insurance_policy').selectAll().where('vehicle_id', '=', vehicleId).orderBy('ends_on', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => view(r, today));
}

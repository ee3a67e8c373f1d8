import { type Kysely, type Selectable, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, VehicleLienTable } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { vehicleBranchPath } from './scope.js';


const view = (r: Selectable<VehicleLienTable>) => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  loanId: r.loan_id,
  status: r.released_on === null ? ('registered' as const) : ('released' as const),
  authority: r.authority,
  certificateNo: r.certificate_no,
  registeredOn: r.registered_on,
  releasedOn: r.released_on,
  releaseNote: r.release_note,
  recordedBy: r.recorded_by,
  releasedBy: r.released_by,
});

const notAfter = (field: string, date: string, today: BusinessDate) => {
  if (date > today) throw new AppError('validation', undefined, [{ field, message: `not after the business date ${today}` }]);
};

export interface LienInput {
  authority: string;
  certificateNo: string;
  registeredOn: BusinessDate;
  loanId?: number | undefined;
}

/** 抵押登记: one registration in force per vehicle; a second is refused until the first is released. */
export async function registerLien(db: Kysely<DB>, who: AuditWho, vehicleId: number, input: LienInput) {
  notAfter('registeredOn', input.registeredOn, await currentBusinessDate(db));
  return db.transaction().execute(async (trx) => {
    const path = await vehicleBranchPath(trx, vehicleId);
    if (path === null) throw new AppError('not-found');
    if (input.loanId !== undefined) {
      const secures = await trx.selectFrom('loan_collateral').select('loan_id').where('vehicle_id', '=', vehicleId).where('loan_id', '=', input.loanId).executeTakeFirst();
      if (!secures) throw new AppError('validation', undefined, [{ field: 'loanId', message: 'this vehicle does not secure that loan' }]);
    }
    const inForce = await trx.selectFrom('vehicle_lien').select('id').where('vehicle_id', '=', vehicleId).where('released_on', 'is', null).executeTakeFirst();
    if (inForce) throw new AppError('conflict', { 'zh-CN': `该车已有未解押的抵押登记 #${inForce.id}`, 'en-US': `the vehicle already has registration #${inForce.id} in force` });
    const row = await trx
      .insertInto('vehicle_lien')
      .values({ vehicle_id: vehicleId, loan_id: input.loanId ?? null, authority: input.authority, certificate_no: input.certificateNo, registered_on: input.registeredOn, recorded_by_user_id: who.userId, recorded_by: who.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'lien.register', entityType: 'vehicle_lien', entityId: row.id, branchPath: path, after: view(row) });
    return view(row);
  });
}

/** 解押: releases a registration once, and closes its release task. */
export async function releaseLien(db: Kysely<DB>, who: AuditWho, lienId: number, input: { releasedOn: BusinessDate; note: string }) {
  const today = await currentBusinessDate(db);
  notAfter('releasedOn', input.releasedOn, today);
  return db.transaction().execute(async (trx) => {
    const lien = await trx.selectFrom('vehicle_lien').selectAll().where('id', '=', lienId).forUpdate().executeTakeFirst();
    if (!lien) throw new AppError('not-found');
    if (lien.released_on !== null) throw new AppError('conflict', { 'zh-CN': `该抵押登记已于 ${lien.released_on} 解押`, 'en-US': `already released on ${lien.released_on}` });
    if (input.releasedOn < lien.registered_on) throw new AppError('validation', undefined, [{ field: 'releasedOn', message: `not before the registration on ${lien.registered_on}` }]);
    const row = await trx
      .updateTable('vehicle_lien')
      .set({ released_on: input.releasedOn, release_note: input.note, released_by_user_id: who.userId, released_by: who.name, released_at: sql<string>`now()` })
      .where('id', '=', lienId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('collateral_task').set({ status: 'done', closed_on: today, closed_by: who.name }).where('lien_id', '=', lienId).where('status', '=', 'open').execute();
    await recordAudit(trx, who, { action: 'lien.release', entityType: 'vehicle_lien', entityId: lienId, branchPath: await vehicleBranchPath(trx, lien.vehicle_id), before: view(lien), after: view(row), reason: input.note });
    return view(row);
  });
}

export async function vehicleLiens(db: Kysely<DB>, vehicleId: number) {
  const rows = await db.selectFrom('vehicle_lien').selectAll().where('vehicle_id', '=', vehicleId).orderBy('id', 'desc').execute();
  return rows.map(view);
}

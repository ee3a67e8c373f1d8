import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * A vehicle belongs to the branch of the latest loan it secures (a vehicle with no loan belongs to
 * no branch: not found). Collateral routes check scope against it.
 */
export async function vehicleBranchPath(db: Kysely<DB>, vehicleId: number): Promise<string | null> {
  const row = await db
    .selectFrom('loan_collateral as lc')
    .innerJoin('loan as l', 'l.id', 'lc.loan_id')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .select('b.path')
    .where('lc.vehicle_id', '=', vehicleId)
    .orderBy('l.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.path ?? null;
}

export async function lienBranchPath(db: Kysely<DB>, lienId: number): Promise<string | null> {
  const lien = await db.selectFrom('vehicle_lien').select('vehicle_id').where('id', '=', lienId).executeTakeFirst();
  return lien ? vehicleBranchPath(db, lien.vehicle_id) : null;
}

import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';

/**
 * 解押: a lien still registered on a vehicle whose loan is paid off becomes a release task, once per
 * lien (its key), and is done when the release is recorded. A lien recorded without its loan waits
 * until the vehicle secures no active loan.
 */
export async function raiseLienReleaseTasks(db: Kysely<DB>, date: BusinessDate): Promise<number> {
  const result = await sql`
    INSERT INTO collateral_task (key, kind, vehicle_id, loan_id, lien_id, branch_id, created_on)
    SELECT 'lien-release/' || n.id, 'lien_release', n.vehicle_id, paid.loan_id, n.id, paid.branch_id, ${date}::date
      FROM vehicle_lien n
      JOIN LATERAL (SELECT l.id AS loan_id, l.branch_id FROM loan_collateral lc JOIN loan l ON l.id = lc.loan_id
                     WHERE lc.vehicle_id = n.vehicle_id AND l.status = 'paid_off' AND (n.loan_id IS NULL OR l.id = n.loan_id)
                     ORDER BY l.id DESC LIMIT 1) paid ON true
     WHERE n.released_on IS NULL
       AND (n.loan_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM loan_collateral lc JOIN loan l ON l.id = lc.loan_id
                                                  WHERE lc.vehicle_id = n.vehicle_id AND l.status = 'active'))
    ON CONFLICT (key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

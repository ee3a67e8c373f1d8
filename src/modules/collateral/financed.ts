import { sql } from 'kysely';
import type { BusinessDate } from '../../domain/business-date.js';

/**
 * Financed vehicles on a date, each with the loan it is counted under (its latest active loan
 * disbursed by then) and when it was first financed: a CTE for the collateral checks.
 */
export const financedVehicles = (date: BusinessDate) => sql`
  financed AS (
    SELECT DISTINCT ON (lc.vehicle_id) lc.vehicle_id, l.id AS loan_id, l.branch_id,
           min(l.disbursement_date) OVER (PARTITION BY lc.vehicle_id) AS first_disbursed
      FROM loan_collateral lc JOIN loan l ON l.id = lc.loan_id
     WHERE l.status = 'active' AND l.disbursement_date <= ${date}::date
     ORDER BY lc.vehicle_id, l.id DESC)`;

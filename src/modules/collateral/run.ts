import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { flagUninsured, remindExpiringPolicies } from './insurance-checks.js';
import { raiseLienReleaseTasks } from './lien-tasks.js';
import { computeLtv } from './ltv.js';
import { loadSettings } from './settings.js';
import { assignSegments, valueVehicles } from './value-vehicles.js';

export interface CollateralRun {
  segmented: number;
  valued: number;
  valuationsWritten: number;
  ltvLoans: number;
  ltvAlerts: number;
  insuranceReminders: number;
  uninsuredAlerts: number;
  lienReleaseTasks: number;
}

/**
 * Collateral after close of business for `date` (loan_status already as of it): segments for new
 * vehicles, today's values, LTV and its crossings, insurance reminders and gaps, lien-release tasks.
 * Every step is keyed or replaces its own date's rows, so a rerun of the date gives the same result
 * and a run cut short is completed by running the date again.
 */
export async function runCollateralForDate(db: Kysely<DB>, date: BusinessDate): Promise<CollateralRun> {
  const settings = await loadSettings(db);
  const segmented = await assignSegments(db);
  const { valued, written } = await valueVehicles(db, date, settings);
  const ltv = await computeLtv(db, date);
  const insuranceReminders = await remindExpiringPolicies(db, date, settings);
  const uninsuredAlerts = await flagUninsured(db, date, settings);
  const lienReleaseTasks = await raiseLienReleaseTasks(db, date);
  const counts: CollateralRun = { segmented, valued, valuationsWritten: written, ltvLoans: ltv.loans, ltvAlerts: ltv.alerts, insuranceReminders, uninsuredAlerts, lienReleaseTasks };
  await db
    .insertInto('collateral_run')
    .values({ business_date: date, counts: JSON.stringify(counts) })
    .onConflict((oc) => oc.column('business_date').doUpdateSet({ counts: JSON.stringify(counts), finished_at: sql<string>`now()` }))
    .execute();
  return counts;
}

import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { addDays, type BusinessDate } from '../domain/business-date.js';
import { runCollateralForDate } from '../modules/collateral/run.js';
import { runCollectionsForDate } from '../modules/collections/run.js';
import { runQaSampling } from '../modules/followups/qa.js';
import { runFollowUpsForDate } from '../modules/followups/tasks.js';
import { runRestructuringForDate } from '../modules/restructuring/observe.js';
import { runScoringForDate } from '../modules/scorecard/run.js';
import { runTelematicsForDevices } from '../modules/telematics/evaluate.js';
import { runWarningsForDate } from '../modules/warnings/run.js';
import type { StepTiming } from './eod-common.js';

/**
 * What the rest of the system does once a business date is closed, in the order each needs the
 * one before: collateral values and LTV, the daily GPS check (a silent tracker raises nothing by
 * itself), the behaviour score with the approved champion (which reads LTV and alerts; its grade
 * sets follow-up frequency and collection segments), early warnings (which read LTV, GPS alerts
 * and the score's change), restructuring observation (class
 * floors for the next close), due follow-ups and the QA sample, and collections last (cases,
 * strategy steps, promises, allocation, coverage), which read all of the above.
 *
 * Each step is idempotent (tasks, alerts and cases are keyed), so running the date again after a
 * failure repeats nothing; each commits on its own, so a failure leaves the steps before it done
 * and is reported with the step's name.
 */
export interface AfterCloseStep {
  name: string;
  run(db: Kysely<DB>, date: BusinessDate): Promise<unknown>;
}

/** The end of a business date in China: the daily GPS check judges silence up to that instant. */
export function endOfBusinessDate(date: BusinessDate): number {
  return Date.parse(`${addDays(date, 1)}T00:00:00+08:00`);
}

export const AFTER_CLOSE_STEPS: readonly AfterCloseStep[] = [
  { name: 'collateral', run: (db, date) => runCollateralForDate(db, date) },
  { name: 'telematics', run: (db, date) => runTelematicsForDevices(db, endOfBusinessDate(date)) },
  { name: 'score', run: (db, date) => runScoringForDate(db, date) },
  { name: 'warnings', run: (db, date) => runWarningsForDate(db, date) },
  { name: 'restructuring', run: (db, date) => runRestructuringForDate(db, date) },
  { name: 'followups', run: (db, date) => runFollowUpsForDate(db, date) },
  { name: 'qa_sample', run: (db, date) => runQaSampling(db, date) },
  { name: 'collections', run: (db, date) => runCollectionsForDate(db, date) },
];

export class AfterCloseFailed extends Error {
  constructor(
    readonly date: BusinessDate,
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`after close of ${date}, step ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Runs the steps for a closed date and adds their timings to the date's run, for the admins' page. */
export async function runAfterClose(db: Kysely<DB>, date: BusinessDate, steps: readonly AfterCloseStep[] = AFTER_CLOSE_STEPS): Promise<StepTiming[]> {
  const timings: StepTiming[] = [];
  for (const step of steps) {
    const started = performance.now();
    try {
      const result = await step.run(db, date);
      timings.push({ step: `after:${step.name}`, ms: Math.round(performance.now() - started), rows: countOf(result) });
    } catch (error) {
      await recordTimings(db, date, timings);
      throw new AfterCloseFailed(date, step.name, error);
    }
  }
  await recordTimings(db, date, timings);
  return timings;
}

function countOf(result: unknown): number {
  if (typeof result === 'number') return result;
  if (Array.isArray(result)) return result.length;
  if (result !== null && typeof result === 'object') {
    for (const key of ['rows', 'loans', 'devices', 'considered', 'created', 'evaluated']) {
      const v = (result as Record<string, unknown>)[key];
      if (typeof v === 'number') return v;
    }
  }
  return 0;
}

async function recordTimings(db: Kysely<DB>, date: BusinessDate, timings: StepTiming[]): Promise<void> {
  if (timings.length === 0) return;
  await sql`UPDATE eod_run SET steps = steps || ${JSON.stringify(timings)}::jsonb WHERE business_date = ${date}`.execute(db);
}

import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { allocateCases, recallCases } from './allocation.js';
import { closeCases, openOverdueCases } from './cases.js';
import { computeCoverage } from './coverage.js';
import { applyPlans } from './plans.js';
import { checkPromises } from './promises.js';
import { strategiesInForce } from './strategies.js';
import { evaluateAndTask } from './tasks.js';

const MANY = 5_000;

export interface CollectionStep {
  step: string;
  ms: number;
  rows: number;
  detail?: Record<string, number>;
}

export interface RunOptions {
  /**
   * Rows the steps read and write at a time (the facts to decide, the cases to place, the overdue
   * loans to check); each step's own size when not given. Tests make it small, so that a small
   * book crosses the batches' edges as the bench's does.
   */
  batch?: number;
}

/**
 * Collections after close of business has published `date` (loan_status is as of that date): one
 * transaction, so a crash leaves nothing half done and a rerun of the date gives the same result.
 *   promises  active promises kept or broken against the payments since;
 *   close     cases cured, paid off or written off (their open tasks cancelled);
 *   open      a case for every overdue loan without one;
 *   plans     cases whose loan keeps a restructuring plan pause (their open steps cancelled);
 *             a broken plan resumes them and raises an early warning;
 *   evaluate  the strategy in force for loans with cases and loans falling due soon: new steps
 *             become tasks (a strategy case opened where a current loan's step asks for one);
 *   recall    cases whose agency term ended, whose bucket left their rule, or whose owner let a
 *             task pass its SLA;
 *   allocate  unowned cases by the allocation rules;
 *   coverage  each overdue loan checked against its service levels; the uncovered stored and
 *             escalated to their branch managers.
 */
export async function runCollectionsForDate(db: Kysely<DB>, date: BusinessDate, options: RunOptions = {}): Promise<CollectionStep[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7240101)`.execute(trx);
    // Its statements are estimated dear enough to start JIT, whose compiling (about 1.2 s each,
    // measured at 100,000 loans) then costs more than they do: every batch of facts paid it.
    await sql`SET LOCAL jit = off`.execute(trx);
    const started = new Date().toISOString();
    const steps: CollectionStep[] = [];
    const timed = async <T>(step: string, run: () => Promise<T>, rows: (r: T) => number, detail?: (r: T) => Record<string, number>): Promise<T> => {
      const t0 = performance.now();
      const r = await run();
      steps.push({ step, ms: Math.round(performance.now() - t0), rows: rows(r), ...(detail ? { detail: detail(r) } : {}) });
      return r;
    };
    // Tables filled by this transaction have no statistics yet (autovacuum cannot see uncommitted
    // rows): after a step that wrote many rows into a table its statistics call small, the next
    // steps would be planned as if it were empty (nested loops over a hundred thousand cases).
    // Where the statistics already count at least half as many rows as the step changed, the
    // planner's estimates hold (it scales them by the table's pages) and the sampling is skipped:
    // at 1,000,000 loans it took 0.4 s for the tasks and 0.15 s for the cases every day.
    const analyze = async (changed: number, table: string) => {
      if (changed < MANY) return;
      const { rows } = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = ${table}::regclass`.execute(trx);
      if ((rows[0]?.n ?? -1) < 2 * changed) await sql`ANALYZE ${sql.id(table)}`.execute(trx);
    };
    await timed('promises', () => checkPromises(trx, date), (r) => r.kept + r.broken, (r) => r);
    await timed('close', () => closeCases(trx, date), (n) => n);
    const opened = await timed('open', () => openOverdueCases(trx, date), (r) => r.opened);
    await analyze(opened.opened, 'collection_case');
    await timed('plans', () => applyPlans(trx, date), (r) => r.paused + r.resumed, (r) => r);
    const strategies = await strategiesInForce(trx, date);
    if (strategies) {
      const evaluated = await timed('evaluate', () => evaluateAndTask(trx, date, strategies, opened.open, options.batch), (r) => r.tasks, (r) => r);
      // each table only if it grew: the step's updates of cases leave their statistics as they were
      await analyze(evaluated.casesOpened, 'collection_case');
      await analyze(evaluated.tasks, 'collection_task');
    }
    const recall = await timed('recall', () => recallCases(trx, date), (r) => r.recalled);
    const placed = await timed('allocate', () => allocateCases(trx, date, recall, options.batch), (r) => r.placed, (r) => r);
    // cases that gained or lost an owner: a recalled case placed again has one as before
    await analyze(placed.gainedOrLost, 'collection_case');
    await timed('coverage', () => computeCoverage(trx, date, options.batch), (r) => r.uncovered, (r) => ({ ...r }));
    await sql`
      INSERT INTO collection_run (business_date, started_at, finished_at, steps) VALUES (${date}, ${started}, now(), ${JSON.stringify(steps)}::jsonb)
      ON CONFLICT (business_date) DO UPDATE SET started_at = excluded.started_at, finished_at = excluded.finished_at, steps = excluded.steps`.execute(trx);
    return steps;
  });
}

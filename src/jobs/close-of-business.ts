import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { BusinessDate } from '../domain/business-date.js';
import { type Chunk, runChunk } from './eod-chunk.js';
import { type EodOptions, fault, type StepTiming, sumSteps, timed } from './eod-common.js';
import { EodRefused, publish } from './eod-publish.js';

/**
 * Close of business (日终) for one business date, in three phases:
 *  1. plan: the loan ids are cut into ranges (chunks), recorded with the run;
 *  2. chunks: each range, in its own short transaction, accrues 罚息 and derives DPD, bucket,
 *     class and stage for the loans whose state can change, into a stage table; chunks run here
 *     one after another (keeping PGlite answering between them) or on workers through a queue;
 *  3. publish: one transaction turns the stage into events, history and status and moves the
 *     business date.
 * A run that dies anywhere leaves the published state and the business date as they were; the
 * next run of the date resumes the chunks not done and publishes the same result.
 * The rules are those of src/domain/delinquency.ts, expressed over many loans at once; the domain
 * functions stay the reference the scenario tests compare against.
 */
export type { EodOptions, StepTiming } from './eod-common.js';
export { EodRefused } from './eod-publish.js';

/** Runs a run's open chunks; the default runs them in this process, one after another. */
export type ChunkRunner = (db: Kysely<DB>, date: BusinessDate, chunks: Chunk[], options: EodOptions) => Promise<void>;

const DEFAULT_CHUNK = 25_000;

export const runChunksHere: ChunkRunner = async (db, date, chunks, options) => {
  for (const [k, chunk] of chunks.entries()) {
    await runChunk(db, date, chunk, options);
    if (k === 0) fault(options, 'between-chunks');
    if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    // Let requests queued for the (single, on PGlite) connection run between chunks.
    await new Promise((r) => setImmediate(r));
  }
};

/** Plans the run of `date`, or resumes one that did not finish. Returns the chunks still to do. */
async function plan(db: Kysely<DB>, date: BusinessDate, options: EodOptions): Promise<Chunk[]> {
  const size = options.chunkSize ?? DEFAULT_CHUNK;
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('business_date').select('business_date').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    // Dates close in order: the business date itself, or a rerun of one already closed.
    if (date > current.business_date) throw new EodRefused(`${date} is after the business date ${current.business_date}: close the dates before it first (daihou eod --through ${date})`);
    const run = await trx.selectFrom('eod_run').select('status').where('business_date', '=', date).executeTakeFirst();
    if (run === undefined || run.status === 'done') {
      await trx.deleteFrom('eod_chunk').where('business_date', '=', date).execute();
      await trx.deleteFrom('eod_stage').where('business_date', '=', date).execute();
      await trx.deleteFrom('eod_stage_snapshot').where('month_end', '=', date).execute();
      await trx.deleteFrom('eod_stage_portfolio').where('business_date', '=', date).execute();
      await sql`
        INSERT INTO eod_chunk (business_date, chunk, first_loan_id, last_loan_id)
        SELECT ${date}::date, k, b.lo + k * ${size}, least(b.lo + (k + 1) * ${size} - 1, b.hi)
          FROM (SELECT min(id) AS lo, max(id) AS hi FROM loan) b
          CROSS JOIN LATERAL generate_series(0, (b.hi - b.lo) / ${size}) k
         WHERE b.lo IS NOT NULL`.execute(trx);
    }
    await sql`
      INSERT INTO eod_run (business_date, status, started_at, finished_at, steps) VALUES (${date}, 'running', now(), NULL, '[]')
      ON CONFLICT (business_date) DO UPDATE SET status = 'running', started_at = excluded.started_at, finished_at = NULL, error = NULL`.execute(trx);
    fault(options, 'plan');
    const open = await trx.selectFrom('eod_chunk').select(['chunk', 'first_loan_id', 'last_loan_id']).where('business_date', '=', date).where('done_at', 'is', null).orderBy('chunk').execute();
    return open.map((c) => ({ chunk: c.chunk, firstLoanId: c.first_loan_id, lastLoanId: c.last_loan_id }));
  });
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): EodOptions {
  return {
    ...(env.DAIHOU_EOD_FAULT ? { faultAt: env.DAIHOU_EOD_FAULT } : {}),
    ...(env.DAIHOU_EOD_PAUSE_MS ? { pauseMs: Number(env.DAIHOU_EOD_PAUSE_MS) } : {}),
    ...(env.DAIHOU_EOD_CHUNK ? { chunkSize: Number(env.DAIHOU_EOD_CHUNK) } : {}),
  };
}

export async function closeBusinessDate(db: Kysely<DB>, date: BusinessDate, options: EodOptions = {}, runChunks: ChunkRunner = runChunksHere): Promise<StepTiming[]> {
  const planSteps: StepTiming[] = [];
  let chunks: Chunk[] = [];
  await timed(planSteps, 'plan', async () => {
    chunks = await plan(db, date, options);
    return chunks.length;
  });
  try {
    await runChunks(db, date, chunks, options);
    const done = await db.selectFrom('eod_chunk').select('steps').where('business_date', '=', date).orderBy('chunk').execute();
    const chunkSteps = [...planSteps, ...sumSteps(done.map((c) => (Array.isArray(c.steps) ? (c.steps as StepTiming[]) : [])))];
    return await publish(db, date, chunkSteps, options);
  } catch (error) {
    // Recorded for the admins; the chunks already done stay done and a rerun resumes after them.
    const message = error instanceof Error ? error.message : String(error);
    await db.updateTable('eod_run').set({ status: 'failed', error: message.slice(0, 2000) }).where('business_date', '=', date).where('status', '=', 'running').execute().catch(() => undefined);
    throw error;
  }
}

/** Closes every date from the current business date through `through`, one by one. */
export async function closeThrough(
  db: Kysely<DB>,
  through: BusinessDate,
  options: EodOptions = {},
  onDate?: (date: BusinessDate, steps: StepTiming[]) => void,
  runChunks: ChunkRunner = runChunksHere,
  /** what the other modules do once a date is closed (src/jobs/after-close.ts), before the next date */
  afterClose?: (db: Kysely<DB>, date: BusinessDate) => Promise<StepTiming[]>,
): Promise<number> {
  let closed = 0;
  for (;;) {
    const { business_date } = await db.selectFrom('business_date').select('business_date').where('id', '=', 1).executeTakeFirstOrThrow();
    const date = business_date as BusinessDate;
    if (date > through) return closed;
    const steps = await closeBusinessDate(db, date, options, runChunks);
    const after = afterClose ? await afterClose(db, date) : [];
    onDate?.(date, [...steps, ...after]);
    closed += 1;
  }
}

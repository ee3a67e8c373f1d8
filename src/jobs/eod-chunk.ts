import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { addDays, type BusinessDate, fromDayNumber, toDayNumber } from '../domain/business-date.js';
import { DEFAULT_CLASSIFICATION } from '../domain/delinquency.js';
import { count, type EodOptions, fault, type StepTiming, timed } from './eod-common.js';
import { captureCountedBefore, stageChange } from './eod-portfolio.js';
import { rederiveHistory } from './eod-rederive.js';

/**
 * One id range of a close: finds the loans in it whose state can change today, accrues their
 * 罚息, derives their DPD, bucket, class, stage and amounts into eod_stage, (at a month end) writes
 * the range's snapshot, and stages the range's change to the dashboard's figures. One
 * transaction; running it twice writes the same rows. Any worker may run any chunk: the row lock
 * on the chunk makes a second runner wait, then find it done.
 */
export interface Chunk {
  chunk: number;
  firstLoanId: number;
  lastLoanId: number;
}

const CLASSES = `ARRAY['normal','special_mention','substandard','doubtful','loss']`;
const rank = (expr: string) => sql.raw(`(array_position(${CLASSES}, ${expr}) - 1)`);
const className = (expr: string) => sql.raw(`(${CLASSES})[(${expr}) + 1]`);

export const isMonthEnd = (date: BusinessDate) => fromDayNumber(toDayNumber(date) + 1).slice(8) === '01';

/** The inputs of a derive that are not the loans' own data. */
export interface DeriveParams {
  date: BusinessDate;
  lo: number;
  hi: number;
  tolerance: number;
  grace: number;
}

/**
 * Where a derive reads and writes. The live close derives eod_cand's loans against loan_status
 * (each loan's status the day before) into eod_stage; the re-derive of a corrected past
 * (eod-rederive.ts) runs the same rules day by day against its own working tables.
 */
export interface DeriveSource {
  /** a relation of loan_id: the loans to derive */
  candidates: RawBuilder<unknown>;
  /** a relation of loan_id, dpd, risk_class, cleared_on, closed: the status the day before */
  previous: RawBuilder<unknown>;
  /** a table shaped like eod_stage, receiving one row per derived loan */
  into: RawBuilder<unknown>;
  /** the loan's status (active, paid_off, written_off) on the date, over loan l */
  status: RawBuilder<unknown>;
}

export const LIVE_DERIVE: DeriveSource = { candidates: sql`eod_cand`, previous: sql`loan_status`, into: sql`eod_stage`, status: sql`l.status` };

/**
 * Derives DPD, bucket, 五级 class, IFRS 9 stage and the upgrade rule's clock for one date: the one
 * copy of the rules in SQL (src/domain/delinquency.ts is the reference). Returns the rows written.
 */
export async function deriveDay(trx: Kysely<DB>, { date, lo, hi, tolerance, grace }: DeriveParams, { candidates, previous, into, status }: DeriveSource = LIVE_DERIVE): Promise<number> {
  const { upgradePeriods, upgradeMonths } = DEFAULT_CLASSIFICATION;
  const r = await sql`
    INSERT INTO ${into} (business_date, loan_id, status, overdue_since, dpd, bucket, risk_class, stage, cleared_on,
                         branch_id, product_code, outstanding_principal_fen, overdue_fen, penalty_due_fen, next_due, following_due)
    WITH scope AS (
      SELECT l.id AS loan_id, l.schedule_version, ${status} AS status, l.branch_id, l.product_code
        FROM ${candidates} c JOIN loan l ON l.id = c.loan_id LEFT JOIN ${previous} s ON s.loan_id = l.id AND s.loan_id BETWEEN ${lo} AND ${hi}
       WHERE l.id BETWEEN ${lo} AND ${hi} AND l.disbursement_date <= ${date} AND (${status} = 'active' OR s.closed IS DISTINCT FROM true)
    ), unpaid AS (
      -- One pass over each loan's schedule: the oldest installment unpaid on the date (DPD), and
      -- the amounts the dashboard adds up (0008_portfolio.sql says what each holds).
      SELECT i.loan_id,
             min(i.due_date) FILTER (WHERE sc.status = 'active' AND i.due_date < ${date}
               AND ((i.settled_on IS NULL AND i.principal_fen + i.interest_fen - i.principal_paid_fen - i.interest_paid_fen > ${tolerance})
                    OR i.settled_on > ${date})) AS overdue_since,
             sum(i.principal_fen - i.principal_paid_fen) AS outstanding_principal_fen,
             coalesce(sum(i.principal_fen + i.interest_fen - i.principal_paid_fen - i.interest_paid_fen) FILTER (WHERE i.due_date < ${date} AND i.settled_on IS NULL), 0) AS overdue_fen,
             sum(i.penalty_fen - i.penalty_paid_fen) AS penalty_due_fen,
             -- the first due date from the date on not settled (migration 0025 says what it is for)
             min(i.due_date) FILTER (WHERE i.settled_on IS NULL AND i.due_date >= ${date}) AS next_due
        FROM installment i JOIN scope sc ON sc.loan_id = i.loan_id AND i.version = sc.schedule_version
       WHERE i.loan_id BETWEEN ${lo} AND ${hi}
       GROUP BY i.loan_id
    ), flags AS (
      SELECT f.loan_id,
             max(${rank('f.class_floor')}) AS floor_rank,
             bool_or(f.flag = 'significant_increase') AS sicr,
             bool_or(f.flag = 'credit_impaired') AS impaired
        FROM loan_flag f JOIN scope sc ON sc.loan_id = f.loan_id
       WHERE f.set_on <= ${date} AND (f.cleared_on IS NULL OR f.cleared_on > ${date})
       GROUP BY f.loan_id
    ), overrides AS (
      SELECT o.loan_id, max(${rank('o.risk_class')}) AS override_rank
        FROM loan_class_override o JOIN scope sc ON sc.loan_id = o.loan_id
       WHERE o.set_on <= ${date} AND (o.withdrawn_on IS NULL OR o.withdrawn_on > ${date})
       GROUP BY o.loan_id
    ), base AS (
      SELECT sc.loan_id, sc.schedule_version, sc.status, u.overdue_since, sc.branch_id, sc.product_code, u.next_due,
             coalesce(u.outstanding_principal_fen, 0) AS outstanding_principal_fen, coalesce(u.overdue_fen, 0) AS overdue_fen, coalesce(u.penalty_due_fen, 0) AS penalty_due_fen,
             CASE WHEN u.overdue_since IS NULL THEN 0 ELSE ${date}::date - u.overdue_since END AS dpd,
             s.risk_class AS old_class, s.dpd AS old_dpd, s.cleared_on AS old_cleared_on,
             greatest(coalesce(fl.floor_rank, 0), coalesce(ov.override_rank, 0)) AS flag_rank, coalesce(fl.sicr, false) AS sicr, coalesce(fl.impaired, false) AS impaired
        FROM scope sc
        LEFT JOIN unpaid u ON u.loan_id = sc.loan_id
        LEFT JOIN ${previous} s ON s.loan_id = sc.loan_id AND s.loan_id BETWEEN ${lo} AND ${hi}
        LEFT JOIN flags fl ON fl.loan_id = sc.loan_id
        LEFT JOIN overrides ov ON ov.loan_id = sc.loan_id
    ), targeted AS (
      SELECT b.*,
             greatest(CASE WHEN b.dpd > 360 THEN 4 WHEN b.dpd > 270 THEN 3 WHEN b.dpd > 90 THEN 2 WHEN b.dpd > ${grace} THEN 1 ELSE 0 END, b.flag_rank) AS target_rank,
             coalesce(${rank('b.old_class')}, 0) AS prev_rank
        FROM base b
    ), ranked AS (
      -- The upgrade rule's clock starts when arrears clear, or, for a class held up by a flag
      -- or override that has ended (a loan with no arrears to clear), when the rules first
      -- allow a better class.
      SELECT t.*,
             CASE WHEN t.dpd > 0 THEN NULL
                  WHEN coalesce(t.old_dpd, 0) > 0 THEN ${date}::date
                  WHEN t.old_cleared_on IS NULL AND t.target_rank < t.prev_rank THEN ${date}::date
                  ELSE t.old_cleared_on END AS cleared_on
        FROM targeted t
    ), judged AS (
      SELECT r.*,
             -- only a loan that has cleared arrears needs its run of on-time periods counted
             CASE WHEN r.cleared_on IS NULL OR r.prev_rank < 2 THEN 0 ELSE
               (SELECT count(*) FROM installment i JOIN loan l ON l.id = i.loan_id AND i.version = l.schedule_version
                 WHERE i.loan_id = r.loan_id AND i.due_date > r.cleared_on AND i.due_date <= ${date}
                   AND i.settled_on IS NOT NULL AND i.settled_on <= i.due_date) END AS on_time_periods
        FROM ranked r
    )
    SELECT ${date}::date, j.loan_id, j.status, j.overdue_since, j.dpd,
           (SELECT d.code FROM delinquency_band d WHERE j.dpd >= d.min_dpd AND (d.max_dpd IS NULL OR j.dpd <= d.max_dpd)),
           ${className(`CASE
             WHEN j.target_rank >= j.prev_rank THEN j.target_rank
             WHEN j.dpd > 0 THEN j.prev_rank
             WHEN j.prev_rank >= 2 AND (j.on_time_periods < ${upgradePeriods} OR j.cleared_on > '${date}'::date - interval '${upgradeMonths} months') THEN j.prev_rank
             ELSE j.target_rank END`)},
           CASE WHEN j.dpd > 90 OR j.impaired THEN 3 WHEN j.dpd > 30 OR j.sicr THEN 2 ELSE 1 END::smallint,
           j.cleared_on,
           j.branch_id, j.product_code, j.outstanding_principal_fen, j.overdue_fen, j.penalty_due_fen, j.next_due,
           -- only a loan not overdue is anchored on its next due dates; the second one is looked up
           -- by the loan's key (the +0 keeps the planner off the unpaid index, whose scan from a
           -- due date would walk every later installment of the book)
           CASE WHEN j.dpd = 0 AND j.next_due IS NOT NULL THEN
             (SELECT min(i.due_date + 0) FROM installment i
               WHERE i.loan_id = j.loan_id AND i.version = j.schedule_version AND i.settled_on IS NULL AND i.due_date > j.next_due) END
      FROM judged j`.execute(trx);
  return count(r);
}

/** Returns the chunk's step timings, or null when another runner had already finished it. */
export async function runChunk(db: Kysely<DB>, date: BusinessDate, chunk: Chunk, options: EodOptions = {}, worker = 'local'): Promise<StepTiming[] | null> {
  const tolerance = options.toleranceFen ?? 0;
  const grace = options.operationalGraceDays ?? DEFAULT_CLASSIFICATION.operationalGraceDays;
  const lo = chunk.firstLoanId;
  const hi = chunk.lastLoanId;
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('eod_chunk').select('done_at').where('business_date', '=', date).where('chunk', '=', chunk.chunk).forUpdate().executeTakeFirst();
    if (!row) throw new Error(`close of ${date} has no chunk ${chunk.chunk}: plan the run first`);
    if (row.done_at !== null) return null;
    await sql`SET LOCAL jit = off`.execute(trx);
    const steps: StepTiming[] = [];

    await timed(steps, 'select', async () => {
      await sql`DROP TABLE IF EXISTS eod_cand`.execute(trx);
      // Everything else is current with nothing due yesterday: its status cannot change today.
      await sql`
        CREATE TEMP TABLE eod_cand ON COMMIT DROP AS
        SELECT loan_id FROM eod_dirty WHERE loan_id BETWEEN ${lo} AND ${hi}
        UNION SELECT loan_id FROM loan_status
               WHERE loan_id BETWEEN ${lo} AND ${hi} AND NOT closed AND (overdue_since IS NOT NULL OR risk_class <> 'normal' OR stage <> 1)
        UNION SELECT loan_id FROM installment WHERE settled_on IS NULL AND due_date = ${addDays(date, -1)} AND loan_id BETWEEN ${lo} AND ${hi}
        UNION SELECT loan_id FROM loan_flag WHERE loan_id BETWEEN ${lo} AND ${hi} AND (set_on = ${date} OR cleared_on = ${date})
        UNION SELECT loan_id FROM loan_class_override WHERE loan_id BETWEEN ${lo} AND ${hi} AND (set_on = ${date} OR withdrawn_on = ${date})`.execute(trx);
      await sql`ANALYZE eod_cand`.execute(trx);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM eod_cand`.execute(trx);
      return rows[0]?.n ?? 0;
    });
    fault(options, 'chunk:select');

    // The candidates as the dashboard's figures count them now, before the re-derive below can
    // change their loan_status (eod-portfolio.ts).
    const portfolioStarted = performance.now();
    await captureCountedBefore(trx, { lo, hi });
    let portfolioMs = performance.now() - portfolioStarted;

    await timed(steps, 'penalty', async () => {
      // The same rule as src/domain/penalty.ts and the ledger replay: the daily rate is
      // annual × (1 + markup) / 360 or 365, on overdue principal (plus overdue interest when the
      // product compounds), from the day after the due date; rounded to the fen only at the end.
      const base = sql`(i.principal_fen - i.principal_paid_fen + CASE WHEN p.compound_penalty THEN i.interest_fen - i.interest_paid_fen ELSE 0 END)`;
      const exact = sql`(i.penalty_exact + l.annual_rate * (1 + p.penalty_markup) / CASE p.day_count WHEN 'ACT/365' THEN 365 ELSE 360 END
                         * ${base} * (${date}::date - greatest(i.penalty_as_of, i.due_date)))`;
      // The installment is the UPDATE's target, reached by its key from the few candidates (a
      // join to a CTE of keys instead planned a scan of the whole table).
      const r = await sql`
        UPDATE installment i SET penalty_exact = ${exact}, penalty_fen = round(${exact}), penalty_as_of = ${date}
          FROM eod_cand c
          JOIN loan l ON l.id = c.loan_id AND l.status = 'active' AND l.id BETWEEN ${lo} AND ${hi}
          JOIN product p ON p.code = l.product_code
         WHERE i.loan_id = l.id AND i.version = l.schedule_version AND i.loan_id BETWEEN ${lo} AND ${hi}
           AND i.settled_on IS NULL AND i.due_date < ${date} AND (i.penalty_as_of IS NULL OR i.penalty_as_of < ${date})
           AND ${base} > 0`.execute(trx);
      return count(r);
    });
    fault(options, 'chunk:penalty');

    // Loans changed on a date already closed (a back-dated payment or reversal, ...) first have
    // their history re-derived from that date, so today's derive continues from the corrected past.
    const redoStarted = performance.now();
    const redo = await rederiveHistory(trx, date, { lo, hi }, (day, source) => deriveDay(trx, { date: day, lo, hi, tolerance, grace }, source));
    if (redo.loans > 0) steps.push({ step: 'rederive', ms: Math.round(performance.now() - redoStarted), rows: redo.corrected });

    await timed(steps, 'derive', async () => {
      await trx.deleteFrom('eod_stage').where('business_date', '=', date).where('loan_id', '>=', lo).where('loan_id', '<=', hi).execute();
      const r = await deriveDay(trx, { date, lo, hi, tolerance, grace });
      // Consumed: a change marked after this transaction began stays for the next close.
      await sql`DELETE FROM eod_dirty d USING eod_cand c, loan l
                 WHERE d.loan_id = c.loan_id AND l.id = d.loan_id AND l.disbursement_date <= ${date} AND d.marked_at <= transaction_timestamp()`.execute(trx);
      return r;
    });
    fault(options, 'chunk:derive');

    await timed(steps, 'month_end', async () => {
      if (!isMonthEnd(date)) return 0;
      // Every loan still open (or closing today) in the range, with today's status: the staged
      // one where it was derived, the unchanged one otherwise.
      await trx.deleteFrom('eod_stage_snapshot').where('month_end', '=', date).where('loan_id', '>=', lo).where('loan_id', '<=', hi).execute();
      const r = await sql`
        INSERT INTO eod_stage_snapshot (month_end, loan_id, dpd, bucket, risk_class, stage, outstanding_principal_fen)
        SELECT ${date}::date, l.id, coalesce(st.dpd, s.dpd), coalesce(st.bucket, s.bucket), coalesce(st.risk_class, s.risk_class), coalesce(st.stage, s.stage),
               (SELECT coalesce(sum(i.principal_fen - i.principal_paid_fen), 0) FROM installment i WHERE i.loan_id = l.id AND i.version = l.schedule_version)
          FROM loan l
          LEFT JOIN eod_stage st ON st.business_date = ${date} AND st.loan_id = l.id
          LEFT JOIN loan_status s ON s.loan_id = l.id
         WHERE l.id BETWEEN ${lo} AND ${hi} AND (st.loan_id IS NOT NULL OR (s.loan_id IS NOT NULL AND NOT s.closed))`.execute(trx);
      return count(r);
    });

    const changeStarted = performance.now();
    const groups = await stageChange(trx, date, chunk.chunk, { lo, hi });
    portfolioMs += performance.now() - changeStarted;
    steps.push({ step: 'portfolio_change', ms: Math.round(portfolioMs), rows: groups });
    fault(options, 'chunk:portfolio');

    await trx
      .updateTable('eod_chunk')
      .set({ done_at: sql<string>`now()`, worker, steps: JSON.stringify(steps), portfolio_staged: true })
      .where('business_date', '=', date)
      .where('chunk', '=', chunk.chunk)
      .execute();
    fault(options, 'chunk:done');
    return steps;
  });
}

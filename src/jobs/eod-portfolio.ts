import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { type BusinessDate, daysInMonth } from '../domain/business-date.js';
import { count } from './eod-common.js';

/**
 * The portfolio dashboard's figures, kept by close of business: the open loans added up by
 * branch, product, bucket, 五级 class and IFRS 9 stage (portfolio_current, one copy per closed
 * date in portfolio_daily, and by branch at each month end in portfolio_month_end).
 *
 * Adding up a million loan_status rows takes 0.6–0.7 s on PostgreSQL (one core, measured), too
 * long to do on every close inside the publishing transaction. So the sum is kept up to date by
 * difference: each chunk stages, by group, its derived loans as they are now minus the same loans
 * as they were (read before anything in the chunk changes loan_status: the re-derive of a
 * back-dated change does), and publishing adds the staged differences in. Every loan whose
 * status can change is derived by its chunk, so the rest are counted as they were. A close whose
 * chunks staged no difference (run by an older program) adds the whole book up afresh.
 */

const GROUP = sql.raw('branch_id, product_code, bucket, risk_class, stage');
const MEASURES = ['loans', 'outstanding_principal_fen', 'overdue_fen', 'penalty_due_fen', 'overdue_loans', 'overdue_principal_fen', 'dpd30_loans', 'dpd30_principal_fen'] as const;
const COLUMNS = sql.raw(MEASURES.join(', '));
const sumOf = (m: string, sign = '') => `${sign}sum(${m})::${m.endsWith('loans') ? 'integer' : 'bigint'} AS ${m}`;
const SUMS = sql.raw(MEASURES.map((m) => sumOf(m)).join(', '));

/** One loan's part in its group, from a row shaped like loan_status (dpd, amounts). */
const contribution = (r: string) =>
  sql.raw(`${r}.branch_id, ${r}.product_code, ${r}.bucket, ${r}.risk_class, ${r}.stage, 1 AS loans,
           ${r}.outstanding_principal_fen, ${r}.overdue_fen, ${r}.penalty_due_fen,
           (${r}.dpd > 0)::int AS overdue_loans, CASE WHEN ${r}.dpd > 0 THEN ${r}.outstanding_principal_fen ELSE 0 END AS overdue_principal_fen,
           (${r}.dpd > 30)::int AS dpd30_loans, CASE WHEN ${r}.dpd > 30 THEN ${r}.outstanding_principal_fen ELSE 0 END AS dpd30_principal_fen`);

export interface IdRange {
  lo: number;
  hi: number;
}

/** In a chunk, before anything changes loan_status: the candidates' open loans as counted now, negated. */
export async function captureCountedBefore(trx: Kysely<DB>, { lo, hi }: IdRange): Promise<void> {
  await sql`DROP TABLE IF EXISTS eod_portfolio_before`.execute(trx);
  await sql`
    CREATE TEMP TABLE eod_portfolio_before ON COMMIT DROP AS
    SELECT ${GROUP}, ${sql.raw(MEASURES.map((m) => sumOf(m, '-')).join(', '))}
      FROM (SELECT ${contribution('s')} FROM eod_cand c
             -- by key, one probe per candidate (OFFSET 0 keeps the planner from turning it into a
             -- scan of the chunk's whole range, which it chose whenever loan_status's statistics
             -- were behind: 70 ms a chunk instead of 8)
             CROSS JOIN LATERAL (SELECT * FROM loan_status s WHERE s.loan_id = c.loan_id AND NOT s.closed OFFSET 0) s
             WHERE c.loan_id BETWEEN ${lo} AND ${hi}) x
     GROUP BY ${GROUP}`.execute(trx);
}

/** In a chunk, after its derive: stages the chunk's change by group (its open loans now minus before). */
export async function stageChange(trx: Kysely<DB>, date: BusinessDate, chunk: number, { lo, hi }: IdRange): Promise<number> {
  await trx.deleteFrom('eod_stage_portfolio').where('business_date', '=', date).where('chunk', '=', chunk).execute();
  const r = await sql`
    INSERT INTO eod_stage_portfolio (business_date, chunk, ${GROUP}, ${COLUMNS})
    SELECT ${date}::date, ${chunk}::int, ${GROUP}, ${SUMS}
      FROM (SELECT ${contribution('st')} FROM eod_stage st
             WHERE st.business_date = ${date} AND st.loan_id BETWEEN ${lo} AND ${hi} AND st.status = 'active'
            UNION ALL
            SELECT ${GROUP}, ${COLUMNS} FROM eod_portfolio_before) x
     GROUP BY ${GROUP}
    HAVING ${sql.raw(MEASURES.map((m) => `sum(${m}) <> 0`).join(' OR '))}`.execute(trx);
  return count(r);
}

/** Adds the whole book up afresh from loan_status. */
export async function rebuildCurrent(trx: Kysely<DB>): Promise<void> {
  await trx.deleteFrom('portfolio_current').execute();
  await sql`
    INSERT INTO portfolio_current (${GROUP}, ${COLUMNS})
    SELECT ${GROUP}, ${SUMS} FROM (SELECT ${contribution('s')} FROM loan_status s WHERE NOT s.closed) x
     GROUP BY ${GROUP}`.execute(trx);
}

/**
 * In the publishing transaction, after loan_status is written: brings portfolio_current up to
 * date (by the staged changes, or afresh when a chunk staged none), records it as the date's
 * figures, and at a month end as the month's by branch. Returns the date's rows.
 */
export async function publishPortfolio(trx: Kysely<DB>, date: BusinessDate, monthEnd: boolean): Promise<number> {
  const unstaged = await trx.selectFrom('eod_chunk').select((eb) => eb.fn.countAll<number>().as('n')).where('business_date', '=', date).where('portfolio_staged', '=', false).executeTakeFirstOrThrow();
  if (Number(unstaged.n) > 0) {
    await rebuildCurrent(trx);
  } else {
    // An UPDATE, then an INSERT of the groups it did not find: an INSERT … ON CONFLICT would
    // check a negative change against the CHECK (loans >= 0) before finding the row it adds to.
    const same = sql.raw(['branch_id', 'product_code', 'bucket', 'risk_class', 'stage'].map((c) => `p.${c} = d.${c}`).join(' AND '));
    await sql`
      WITH d AS (SELECT ${GROUP}, ${SUMS} FROM eod_stage_portfolio WHERE business_date = ${date} GROUP BY ${GROUP}),
           updated AS (
             UPDATE portfolio_current p SET ${sql.raw(MEASURES.map((m) => `${m} = p.${m} + d.${m}`).join(', '))}
               FROM d WHERE ${same}
             RETURNING p.branch_id, p.product_code, p.bucket, p.risk_class, p.stage)
      INSERT INTO portfolio_current (${GROUP}, ${COLUMNS})
      SELECT ${GROUP}, ${COLUMNS} FROM d
       WHERE NOT EXISTS (SELECT 1 FROM updated p WHERE ${same})`.execute(trx);
    await trx.deleteFrom('portfolio_current').where('loans', '=', 0).execute();
  }
  await trx.deleteFrom('eod_stage_portfolio').where('business_date', '=', date).execute();

  await trx.deleteFrom('portfolio_daily').where('business_date', '=', date).execute();
  const r = await sql`INSERT INTO portfolio_daily (business_date, ${GROUP}, ${COLUMNS}) SELECT ${date}::date, ${GROUP}, ${COLUMNS} FROM portfolio_current`.execute(trx);
  if (monthEnd) {
    await trx.deleteFrom('portfolio_month_end').where('month_end', '=', date).execute();
    await sql`
      INSERT INTO portfolio_month_end (month_end, branch_id, loans, outstanding_principal_fen, overdue_principal_fen, dpd30_loans, dpd30_principal_fen)
      SELECT ${date}::date, branch_id, ${sql.raw(['loans', 'outstanding_principal_fen', 'overdue_principal_fen', 'dpd30_loans', 'dpd30_principal_fen'].map((m) => sumOf(m)).join(', '))}
        FROM portfolio_current GROUP BY branch_id`.execute(trx);
  }
  return count(r);
}

/**
 * Month ends from their snapshots (for history that no close published, such as a generated
 * book's). A snapshot also holds the loans that closed on the day (nothing outstanding, no DPD):
 * those are left out, as a live close leaves them out.
 */
export async function monthEndsFromSnapshots(db: Kysely<DB>, monthEnds: readonly BusinessDate[]): Promise<number> {
  if (monthEnds.length === 0) return 0;
  await db.deleteFrom('portfolio_month_end').where('month_end', 'in', monthEnds).execute();
  const r = await sql`
    INSERT INTO portfolio_month_end (month_end, branch_id, loans, outstanding_principal_fen, overdue_principal_fen, dpd30_loans, dpd30_principal_fen)
    SELECT m.month_end, l.branch_id, count(*), sum(m.outstanding_principal_fen),
           coalesce(sum(m.outstanding_principal_fen) FILTER (WHERE m.dpd > 0), 0),
           count(*) FILTER (WHERE m.dpd > 30), coalesce(sum(m.outstanding_principal_fen) FILTER (WHERE m.dpd > 30), 0)
      FROM month_end_snapshot m JOIN loan l ON l.id = m.loan_id
     WHERE m.month_end = ANY(${[...monthEnds]}::date[]) AND (m.outstanding_principal_fen > 0 OR m.dpd > 0)
     GROUP BY m.month_end, l.branch_id`.execute(db);
  return count(r);
}

/**
 * The `count` month ends up to `onOrBefore` (itself when it is one), oldest first:
 * lastMonthEnds('2026-03-15', 3) → 2025-12-31, 2026-01-31, 2026-02-28.
 */
export function lastMonthEnds(onOrBefore: BusinessDate, count: number): BusinessDate[] {
  let year = Number(onOrBefore.slice(0, 4));
  let month = Number(onOrBefore.slice(5, 7));
  const back = () => {
    month -= 1;
    if (month === 0) [year, month] = [year - 1, 12];
  };
  if (Number(onOrBefore.slice(8, 10)) !== daysInMonth(year, month)) back();
  const ends: BusinessDate[] = [];
  for (let k = 0; k < count; k++, back()) ends.unshift(`${year}-${String(month).padStart(2, '0')}-${daysInMonth(year, month)}` as BusinessDate);
  return ends;
}

import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { BOOK_TARGET, LOOKBACK_MONTHS, monthEndsAfter, monthEndsBefore } from '../../domain/scorecard/book.js';
import type { BehaviourFeatures } from '../../domain/scorecard/features.js';

/**
 * The behaviour features (src/domain/scorecard/features.ts) of a range of loans, in one statement:
 * the same numbers behaviourFeatures gives for a history whose months are the loan's month-end
 * snapshots before `date` and its DPD on `date` as the last month. Two uses:
 * - close of business (`on: 'close'`): the active loans, DPD from loan_status, LTV from loan_ltv;
 * - training (`on: 'month-end'`): the loans in the month-end snapshot of `date` under 60 DPD, with
 *   whether they reached 60 DPD at any of the next six month ends. LTV has no history (loan_ltv
 *   keeps only the latest), so it is missing in training and the fit leaves it out.
 * Windows: 3/6/12 months are the last 3/6/12 points; the payment ratio counts what fell due and
 * what was paid (net of reversals) since the month end six points back.
 */
export interface FeatureRow {
  loanId: number;
  branchId: number;
  features: BehaviourFeatures;
  /** training only: reached 60+ DPD within the horizon */
  bad: boolean | null;
}

interface Row {
  loan_id: number;
  branch_id: number;
  cur_dpd: number;
  max2: number | null;
  max5: number | null;
  max11: number | null;
  overdue11: number | null;
  months_on_book: number;
  due_fen: string | number | null;
  paid_fen: string | number | null;
  ltv_bp: number | null;
  ltv_measured: boolean;
  alerts: number;
  discrepancies: number;
  bad: boolean | null;
}

export async function loadFeatureRows(db: Kysely<DB>, date: BusinessDate, lo: number, hi: number, on: 'close' | 'month-end'): Promise<FeatureRow[]> {
  const before = monthEndsBefore(date, LOOKBACK_MONTHS - 1);
  const yearAgo = monthEndsBefore(date, LOOKBACK_MONTHS)[LOOKBACK_MONTHS - 1]!;
  const after = monthEndsAfter(date, BOOK_TARGET.horizonMonths);
  const base =
    on === 'close'
      ? sql`SELECT l.id AS loan_id, l.branch_id, l.disbursement_date, l.schedule_version, s.dpd AS cur_dpd
              FROM loan l JOIN loan_status s ON s.loan_id = l.id AND NOT s.closed
             WHERE l.status = 'active' AND l.disbursement_date <= ${date}::date AND l.id BETWEEN ${lo} AND ${hi}`
      : sql`SELECT l.id AS loan_id, l.branch_id, l.disbursement_date, l.schedule_version, m.dpd AS cur_dpd
              FROM month_end_snapshot m JOIN loan l ON l.id = m.loan_id
             WHERE m.month_end = ${date}::date AND m.dpd < ${BOOK_TARGET.badDpd} AND m.loan_id BETWEEN ${lo} AND ${hi}`;
  // month_end_snapshot's key leads with month_end: `= ANY(the month ends)` reads each month's range of ids
  const { rows } = await sql<Row>`
    WITH base AS (${base}),
    hist AS (
      SELECT m.loan_id, max(m.dpd) FILTER (WHERE m.month_end >= ${before[1]!}::date) AS max2,
             max(m.dpd) FILTER (WHERE m.month_end >= ${before[4]!}::date) AS max5,
             max(m.dpd) AS max11, count(*) FILTER (WHERE m.dpd > 0)::int AS overdue11
        FROM month_end_snapshot m
       WHERE m.month_end = ANY(${arrayLiteral(before, 'date')}::date[]) AND m.loan_id BETWEEN ${lo} AND ${hi}
       GROUP BY m.loan_id
    ), due AS (
      SELECT i.loan_id, sum(i.principal_fen + i.interest_fen) AS fen
        FROM installment i JOIN base b ON b.loan_id = i.loan_id AND i.version = b.schedule_version
       -- the id range again, on the installment's own key: without it the planner may scan every schedule
       WHERE i.loan_id BETWEEN ${lo} AND ${hi} AND i.due_date > ${before[5]!}::date AND i.due_date <= ${date}::date
       GROUP BY i.loan_id
    ), paid AS (
      SELECT r.loan_id, sum(CASE WHEN r.reverses_id IS NULL THEN r.amount_fen ELSE -r.amount_fen END) AS fen
        FROM repayment r
       WHERE r.loan_id BETWEEN ${lo} AND ${hi} AND r.value_date > ${before[5]!}::date AND r.value_date <= ${date}::date
       GROUP BY r.loan_id
    ), alerts AS (
      SELECT loan_id, sum(n)::int AS n FROM (
        SELECT w.loan_id, count(*) AS n FROM warning_alert w
         WHERE w.loan_id BETWEEN ${lo} AND ${hi} AND w.raised_on > ${yearAgo}::date AND w.raised_on <= ${date}::date GROUP BY w.loan_id
        UNION ALL
        SELECT t.loan_id, count(*) FROM telematics_alert t
         WHERE t.loan_id BETWEEN ${lo} AND ${hi} AND t.at >= (${yearAgo}::date + 1)::timestamptz AND t.at < (${date}::date + 1)::timestamptz GROUP BY t.loan_id
      ) a GROUP BY loan_id
    ), flags AS (
      SELECT f.loan_id, count(*)::int AS n FROM followup_flag f
       WHERE f.loan_id BETWEEN ${lo} AND ${hi} AND f.set_on > ${yearAgo}::date AND f.set_on <= ${date}::date GROUP BY f.loan_id
    ), outcome AS (
      SELECT m.loan_id, bool_or(m.dpd >= ${BOOK_TARGET.badDpd}) AS bad
        FROM month_end_snapshot m
       WHERE ${sql.lit(on === 'month-end')} AND m.month_end = ANY(${arrayLiteral(after, 'date')}::date[]) AND m.loan_id BETWEEN ${lo} AND ${hi}
       GROUP BY m.loan_id
    )
    SELECT b.loan_id, b.branch_id, b.cur_dpd, h.max2, h.max5, h.max11, h.overdue11,
           ((extract(year FROM ${date}::date) * 12 + extract(month FROM ${date}::date))
            - (extract(year FROM b.disbursement_date) * 12 + extract(month FROM b.disbursement_date)))::int + 1 AS months_on_book,
           due.fen AS due_fen, paid.fen AS paid_fen,
           ${on === 'close' ? sql`x.ltv_bp, x.loan_id IS NOT NULL AS ltv_measured` : sql`NULL::int AS ltv_bp, false AS ltv_measured`},
           coalesce(alerts.n, 0) AS alerts, coalesce(flags.n, 0) AS discrepancies,
           ${on === 'month-end' ? sql`coalesce(outcome.bad, false)` : sql`NULL::boolean`} AS bad
      FROM base b
      LEFT JOIN hist h ON h.loan_id = b.loan_id
      LEFT JOIN due ON due.loan_id = b.loan_id
      LEFT JOIN paid ON paid.loan_id = b.loan_id
      LEFT JOIN alerts ON alerts.loan_id = b.loan_id
      LEFT JOIN flags ON flags.loan_id = b.loan_id
      LEFT JOIN outcome ON outcome.loan_id = b.loan_id
      ${on === 'close' ? sql`LEFT JOIN loan_ltv x ON x.loan_id = b.loan_id` : sql``}
     ORDER BY b.loan_id`.execute(db);
  return rows.map(toFeatureRow);
}

const ratioCap = 100;

function toFeatureRow(r: Row): FeatureRow {
  const max = (...xs: (number | null)[]) => Math.max(...xs.filter((x): x is number => x !== null));
  const due = Number(r.due_fen ?? 0);
  const paid = Math.max(0, Number(r.paid_fen ?? 0));
  return {
    loanId: r.loan_id,
    branchId: r.branch_id,
    features: {
      maxDpd3m: max(r.cur_dpd, r.max2),
      maxDpd6m: max(r.cur_dpd, r.max5),
      maxDpd12m: max(r.cur_dpd, r.max11),
      overdueMonths12m: (r.cur_dpd > 0 ? 1 : 0) + (r.overdue11 ?? 0),
      monthsOnBook: Math.max(1, r.months_on_book),
      // a prepayment against little due would give a huge ratio: capped, as a bin edge reads it anyway
      paymentRatio6m: due === 0 ? null : Math.min(ratioCap, paid / due),
      // measured with a worthless vehicle: infinite LTV, read as the cap
      ltv: r.ltv_measured ? (r.ltv_bp === null ? ratioCap : r.ltv_bp / 10_000) : null,
      alerts12m: r.alerts,
      followupDiscrepancies12m: r.discrepancies,
    },
    bad: r.bad,
  };
}

import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { addDays, type BusinessDate } from '../domain/business-date.js';
import type { DeriveSource } from './eod-chunk.js';
import { count } from './eod-common.js';

/**
 * Re-derives the status history of loans whose inputs changed on a date already closed: a payment
 * or a reversal posted with a back-dated value date, a flag or override set from a past date, a
 * change to the loan. eod_dirty.since is the earliest date the change affects; when it is before
 * the date being closed and the loan has history from then on, the loan's status is derived again
 * for every date from `since` to the day before the close, with the live close's own rules (the
 * derive of eod-chunk.ts, fed the previous day's status from a working table instead of
 * loan_status), set-based per date over all such loans of the chunk.
 *
 * The days are folded back into history rows (changes only) and compared with the rows held from
 * `since` on. Only if they differ: the rows replaced move to loan_status_history_correction, the
 * new ones take their place, the loan gets one 'history_corrected' event, and loan_status is set to
 * the re-derived state of the day before the close, so today's derive, and today's events, carry
 * on from the corrected past (the upgrade rule's clock, for one, starts at the back-dated cure).
 * Past events are left as they were. It runs inside the chunk's transaction, before the derive
 * that consumes eod_dirty: a crash undoes both, and a loan re-derived again changes nothing.
 */

export interface RederiveRange {
  lo: number;
  hi: number;
}

/** The chunk's derive for one date, writing into the given source. */
export type DeriveDay = (date: BusinessDate, source: DeriveSource) => Promise<number>;

export interface RederiveResult {
  /** loans whose past was derived again */
  loans: number;
  /** loans whose history changed */
  corrected: number;
  /** dates derived */
  days: number;
}

export async function rederiveHistory(trx: Kysely<DB>, date: BusinessDate, { lo, hi }: RederiveRange, derive: DeriveDay): Promise<RederiveResult> {
  // The loans to re-derive, each from `since` or its first history row, whichever is later (a
  // loan has no status before its first close).
  const wanted = sql`
    SELECT d.loan_id, d.since, greatest(d.since, f.first_from) AS first_day
      FROM eod_dirty d
      JOIN eod_cand c ON c.loan_id = d.loan_id
      CROSS JOIN LATERAL (SELECT min(h.valid_from) AS first_from FROM loan_status_history h WHERE h.loan_id = d.loan_id) f
     WHERE d.loan_id BETWEEN ${lo} AND ${hi} AND d.since < ${date} AND f.first_from < ${date}
       AND EXISTS (SELECT 1 FROM loan_status_history x WHERE x.loan_id = d.loan_id AND (x.valid_to IS NULL OR x.valid_to >= d.since))`;
  const probe = await sql<{ first: string | null; n: number }>`SELECT min(w.first_day)::text AS first, count(*)::int AS n FROM (${wanted}) w`.execute(trx);
  const first = probe.rows[0]?.first ?? null;
  if (first === null) return { loans: 0, corrected: 0, days: 0 };
  const loans = probe.rows[0]?.n ?? 0;

  await sql`DROP TABLE IF EXISTS eod_redo, eod_redo_prev, eod_redo_day, eod_redo_rows, eod_redo_gone, eod_redo_added`.execute(trx);
  await sql`CREATE TEMP TABLE eod_redo ON COMMIT DROP AS ${wanted}`.execute(trx);
  await sql`ALTER TABLE eod_redo ADD PRIMARY KEY (loan_id)`.execute(trx);

  // Each loan's status the day before its first re-derived day, from the history row holding that
  // day. The upgrade rule's clock (cleared_on) is not in the history: it is the loan_status one
  // when that was set by then (it is kept unchanged while DPD stays 0), or else the day the
  // arrears last cleared before then. A loan whose first history row is re-derived starts with no
  // previous status, as at its first close.
  await sql`
    CREATE TEMP TABLE eod_redo_prev (loan_id bigint PRIMARY KEY, dpd integer NOT NULL, risk_class text NOT NULL, cleared_on date, closed boolean NOT NULL)
    ON COMMIT DROP`.execute(trx);
  await sql`
    INSERT INTO eod_redo_prev (loan_id, dpd, risk_class, cleared_on, closed)
    SELECT r.loan_id,
           CASE WHEN h.overdue_since IS NULL THEN 0 ELSE (r.first_day - 1) - h.overdue_since END,
           h.risk_class,
           CASE WHEN h.overdue_since IS NOT NULL THEN NULL
                WHEN s.cleared_on <= r.first_day - 1 THEN s.cleared_on
                ELSE (SELECT min(n.valid_from) FROM loan_status_history n
                       WHERE n.loan_id = r.loan_id AND n.valid_from < r.first_day AND n.overdue_since IS NULL
                         AND n.valid_from > (SELECT max(o.valid_from) FROM loan_status_history o
                                              WHERE o.loan_id = r.loan_id AND o.valid_from < r.first_day AND o.overdue_since IS NOT NULL)) END,
           false
      FROM eod_redo r
      JOIN loan_status_history h ON h.loan_id = r.loan_id AND h.valid_from < r.first_day AND (h.valid_to IS NULL OR h.valid_to >= r.first_day - 1)
      LEFT JOIN loan_status s ON s.loan_id = r.loan_id`.execute(trx);
  await sql`CREATE TEMP TABLE eod_redo_day ON COMMIT DROP AS SELECT * FROM eod_stage WITH NO DATA`.execute(trx);
  await sql`CREATE INDEX ON eod_redo_day (business_date)`.execute(trx);
  await sql`ANALYZE eod_redo`.execute(trx);
  await sql`ANALYZE eod_redo_prev`.execute(trx);

  // Day by day: the same derive as a close, for the loans re-derived by then, against the
  // re-derived day before. A loan paid off now was active on the days it still owed something.
  let days = 0;
  for (let day = first as BusinessDate; day < date; day = addDays(day, 1), days++) {
    await derive(day, {
      candidates: sql`(SELECT loan_id FROM eod_redo WHERE first_day <= ${day})`,
      previous: sql`eod_redo_prev`,
      into: sql`eod_redo_day`,
      status: sql`(CASE WHEN l.status = 'paid_off' AND EXISTS (
                      SELECT 1 FROM installment pi WHERE pi.loan_id = l.id AND pi.version = l.schedule_version
                         AND (pi.settled_on IS NULL OR pi.settled_on > ${day}::date)) THEN 'active' ELSE l.status END)`,
    });
    await sql`
      INSERT INTO eod_redo_prev (loan_id, dpd, risk_class, cleared_on, closed)
      SELECT loan_id, dpd, risk_class, cleared_on, status <> 'active' FROM eod_redo_day WHERE business_date = ${day}
      ON CONFLICT (loan_id) DO UPDATE SET dpd = excluded.dpd, risk_class = excluded.risk_class, cleared_on = excluded.cleared_on, closed = excluded.closed`.execute(trx);
  }

  // Folded into history rows: the row holding the day before the first re-derived day, then the
  // re-derived days, a new row wherever the status changes (a day a closed loan was not derived
  // continues the row before it). The last row runs to the next row not re-derived (one published
  // on or after the close date, when an earlier date is closed again), or stays open.
  await sql`
    CREATE TEMP TABLE eod_redo_rows ON COMMIT DROP AS
    WITH seq AS (
      SELECT h.loan_id, h.valid_from AS day, h.overdue_since, h.bucket, h.risk_class, h.stage
        FROM eod_redo r
        JOIN loan_status_history h ON h.loan_id = r.loan_id AND h.valid_from < r.first_day AND (h.valid_to IS NULL OR h.valid_to >= r.first_day - 1)
      UNION ALL
      SELECT loan_id, business_date, overdue_since, bucket, risk_class, stage FROM eod_redo_day
    ), marked AS (
      SELECT s.*,
             lag(s.day) OVER w IS NOT NULL AND lag(s.overdue_since) OVER w IS NOT DISTINCT FROM s.overdue_since AND lag(s.bucket) OVER w = s.bucket
               AND lag(s.risk_class) OVER w = s.risk_class AND lag(s.stage) OVER w = s.stage AS same
        FROM seq s
      WINDOW w AS (PARTITION BY s.loan_id ORDER BY s.day)
    ), starts AS (
      SELECT * FROM marked WHERE NOT same
    )
    SELECT st.loan_id, st.day AS valid_from,
           coalesce(lead(st.day) OVER (PARTITION BY st.loan_id ORDER BY st.day) - 1,
                    (SELECT min(t.valid_from) - 1 FROM loan_status_history t WHERE t.loan_id = st.loan_id AND t.valid_from >= ${date})) AS valid_to,
           st.overdue_since, st.bucket, st.risk_class, st.stage
      FROM starts st`.execute(trx);

  // The rows held for the same stretch; only those that differ are replaced.
  const held = sql`
    SELECT h.loan_id, h.valid_from, h.valid_to, h.overdue_since, h.bucket, h.risk_class, h.stage
      FROM loan_status_history h JOIN eod_redo r ON r.loan_id = h.loan_id
     WHERE h.valid_from < ${date} AND (h.valid_to IS NULL OR h.valid_to >= r.first_day - 1)
       AND EXISTS (SELECT 1 FROM eod_redo_rows n WHERE n.loan_id = h.loan_id)`;
  const fresh = sql`SELECT loan_id, valid_from, valid_to, overdue_since, bucket, risk_class, stage FROM eod_redo_rows`;
  await sql`CREATE TEMP TABLE eod_redo_gone ON COMMIT DROP AS ${held} EXCEPT ${fresh}`.execute(trx);
  await sql`CREATE TEMP TABLE eod_redo_added ON COMMIT DROP AS ${fresh} EXCEPT ${held}`.execute(trx);

  // What caused it, as far as can be told: the latest posting with the value date `since`, else
  // a flag or override dated then, else a change to the loan itself.
  const cause = sql`
    coalesce(
      (SELECT CASE WHEN p.reverses_id IS NULL THEN 'repayment' ELSE 'reversal' END FROM repayment p
        WHERE p.loan_id = r.loan_id AND p.value_date = r.since ORDER BY p.posted_at DESC, p.id DESC LIMIT 1),
      CASE WHEN EXISTS (SELECT 1 FROM loan_flag f WHERE f.loan_id = r.loan_id AND r.since IN (f.set_on, f.cleared_on)) THEN 'flag'
           WHEN EXISTS (SELECT 1 FROM loan_class_override o WHERE o.loan_id = r.loan_id AND r.since IN (o.set_on, o.withdrawn_on)) THEN 'class_override'
           ELSE 'loan' END)`;
  await sql`
    INSERT INTO loan_status_history_correction (loan_id, valid_from, valid_to, overdue_since, bucket, risk_class, stage, rederived_from, corrected_on, cause)
    SELECT g.loan_id, g.valid_from, g.valid_to, g.overdue_since, g.bucket, g.risk_class, g.stage, r.first_day, ${date}::date, ${cause}
      FROM eod_redo_gone g JOIN eod_redo r ON r.loan_id = g.loan_id
     ORDER BY g.loan_id, g.valid_from`.execute(trx);
  await sql`DELETE FROM loan_status_history h USING eod_redo_gone g WHERE h.loan_id = g.loan_id AND h.valid_from = g.valid_from`.execute(trx);
  await sql`
    INSERT INTO loan_status_history (loan_id, valid_from, valid_to, overdue_since, bucket, risk_class, stage)
    SELECT loan_id, valid_from, valid_to, overdue_since, bucket, risk_class, stage FROM eod_redo_added`.execute(trx);

  const changed = sql`(SELECT loan_id FROM eod_redo_gone UNION SELECT loan_id FROM eod_redo_added)`;
  const events = await sql`
    INSERT INTO loan_event (loan_id, business_date, kind, from_value, to_value)
    SELECT r.loan_id, ${date}::date, 'history_corrected', r.first_day::text, ${addDays(date, -1)}
      FROM eod_redo r WHERE r.loan_id IN ${changed}
    ON CONFLICT (loan_id, business_date, kind) DO UPDATE SET from_value = least(loan_event.from_value, excluded.from_value)`.execute(trx);

  // The status today's derive continues from: the re-derived day before (a loan not derived on
  // its last days, being closed, keeps its last derived state). `closed` is left alone, so a loan
  // the correction pays off still closes, with its event, today.
  await sql`
    UPDATE loan_status s
       SET overdue_since = d.overdue_since, dpd = d.dpd, bucket = d.bucket, risk_class = d.risk_class, stage = d.stage, cleared_on = d.cleared_on
      FROM (SELECT DISTINCT ON (loan_id) * FROM eod_redo_day ORDER BY loan_id, business_date DESC) d
     WHERE s.loan_id = d.loan_id AND s.loan_id BETWEEN ${lo} AND ${hi} AND d.loan_id IN ${changed}`.execute(trx);

  return { loans, corrected: count(events), days };
}

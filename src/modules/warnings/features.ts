import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { addDays, type BusinessDate } from '../../domain/business-date.js';
import type { FeatureRow } from '../../domain/warnings/features.js';

/**
 * The features of src/domain/warnings/features.ts for a page of active loans, in one query: close of
 * business's status and history, the schedule, LTV, insurance, GPS alerts, follow-up flags and
 * broken promises. A value the book cannot give is NULL, which the evaluator reads as unknown.
 */
export interface LoanFeatures {
  loanId: number;
  branchId: number;
  product: string;
  features: FeatureRow;
}

interface Row {
  loan_id: number;
  branch_id: number;
  product_code: string;
  dpd: number;
  bucket_rank: number;
  dpd_30d_ago: number | null;
  bucket_rank_30d_ago: number | null;
  months_on_book: number;
  first_installment_overdue_days: number | null;
  outstanding_principal_fen: number;
  ltv_bp: number | null;
  ltv_measured: boolean;
  ltv_threshold_bp: number | null;
  uninsured: boolean | null;
  gps_alerts_30d: number;
  gps_tamper_alerts_30d: number;
  gps_zone_alerts_30d: number;
  gps_offline: boolean;
  income_drop: boolean;
  job_loss: boolean;
  moved_away: boolean;
  vehicle_not_with_borrower: boolean;
  broken_promises_90d: number;
  score: number | null;
  score_30d_ago: number | null;
}

/** The active loans with ids in [lo, hi]: a range of the id space per page, so no page rescans the rest. */
export async function loadFeatures(db: Kysely<DB>, date: BusinessDate, lo: number, hi: number, requiredInsurance: readonly string[]): Promise<LoanFeatures[]> {
  const ago30 = addDays(date, -30);
  const ago90 = addDays(date, -90);
  const { rows } = await sql<Row>`
    SELECT l.id AS loan_id, l.branch_id, l.product_code, s.dpd, band.position AS bucket_rank,
           CASE WHEN h.loan_id IS NULL THEN NULL WHEN h.overdue_since IS NULL THEN 0 ELSE ${ago30}::date - h.overdue_since END AS dpd_30d_ago,
           band30.position AS bucket_rank_30d_ago,
           (extract(year FROM age(${date}::date, l.disbursement_date)) * 12 + extract(month FROM age(${date}::date, l.disbursement_date)))::int AS months_on_book,
           fi.days AS first_installment_overdue_days,
           s.outstanding_principal_fen,
           x.ltv_bp, x.loan_id IS NOT NULL AS ltv_measured, thr.threshold_bp AS ltv_threshold_bp,
           ins.uninsured,
           coalesce(ta.total, 0)::int AS gps_alerts_30d, coalesce(ta.tamper, 0)::int AS gps_tamper_alerts_30d,
           coalesce(ta.zone, 0)::int AS gps_zone_alerts_30d, coalesce(ta.offline, 0) > 0 AS gps_offline,
           coalesce(ff.income_drop, false) AS income_drop, coalesce(ff.job_loss, false) AS job_loss,
           coalesce(ff.moved_away, false) AS moved_away, coalesce(ff.vehicle_not_with_borrower, false) AS vehicle_not_with_borrower,
           coalesce(bp.n, 0)::int AS broken_promises_90d,
           sc.score, sc.score_30d_ago
      FROM loan l
      JOIN loan_status s ON s.loan_id = l.id AND NOT s.closed
      JOIN delinquency_band band ON band.code = s.bucket
      LEFT JOIN loan_status_history h ON h.loan_id = l.id AND h.valid_from <= ${ago30}::date AND (h.valid_to IS NULL OR h.valid_to >= ${ago30}::date)
                                      AND l.disbursement_date <= ${ago30}::date
      LEFT JOIN delinquency_band band30 ON band30.code = h.bucket
      LEFT JOIN LATERAL (SELECT CASE WHEN i.settled_on IS NULL THEN greatest(0, ${date}::date - i.due_date) ELSE greatest(0, i.settled_on - i.due_date) END AS days
                           FROM installment i WHERE i.loan_id = l.id AND i.version = l.schedule_version
                          ORDER BY i.seq LIMIT 1) fi ON true
      LEFT JOIN loan_ltv x ON x.loan_id = l.id
      LEFT JOIN ltv_threshold thr ON thr.product_code = l.product_code
      LEFT JOIN LATERAL (SELECT bool_or(NOT EXISTS (SELECT 1 FROM insurance_policy p WHERE p.vehicle_id = lc.vehicle_id AND p.kind = k.kind
                                                     AND p.starts_on <= ${date}::date AND p.ends_on >= ${date}::date)) AS uninsured
                           FROM loan_collateral lc CROSS JOIN unnest(${arrayLiteral(requiredInsurance, 'text')}::text[]) AS k(kind)
                          WHERE lc.loan_id = l.id) ins ON true
      LEFT JOIN LATERAL (SELECT count(*) AS total, count(*) FILTER (WHERE a.kind = 'tamper') AS tamper,
                                count(*) FILTER (WHERE a.kind IN ('geofence_enter', 'region_exit')) AS zone, count(*) FILTER (WHERE a.kind = 'offline') AS offline
                           FROM telematics_alert a
                          WHERE a.loan_id = l.id AND a.at >= ${ago30}::date::timestamptz AND a.at < (${date}::date + 1)::timestamptz) ta ON true
      LEFT JOIN LATERAL (SELECT bool_or(f.flag = 'income_drop') AS income_drop, bool_or(f.flag = 'job_loss') AS job_loss,
                                bool_or(f.flag = 'moved_away') AS moved_away, bool_or(f.flag = 'vehicle_not_with_borrower') AS vehicle_not_with_borrower
                           FROM followup_flag f WHERE f.loan_id = l.id AND f.set_on <= ${date}::date AND (f.cleared_on IS NULL OR f.cleared_on > ${date}::date)) ff ON true
      LEFT JOIN LATERAL (SELECT count(*) AS n FROM collection_promise p
                          WHERE p.loan_id = l.id AND p.state = 'broken' AND p.broken_on > ${ago90}::date AND p.broken_on <= ${date}::date) bp ON true
      -- scored by this close (the score step runs before warnings); an older score is not today's
      LEFT JOIN loan_score sc ON sc.loan_id = l.id AND sc.as_of = ${date}::date
     WHERE l.status = 'active' AND l.disbursement_date <= ${date}::date AND l.id BETWEEN ${lo} AND ${hi}
     ORDER BY l.id`.execute(db);
  return rows.map((r) => ({
    loanId: r.loan_id,
    branchId: r.branch_id,
    product: r.product_code,
    features: {
      dpd: r.dpd,
      bucket_rank: r.bucket_rank,
      dpd_30d_ago: r.dpd_30d_ago,
      dpd_change_30d: r.dpd_30d_ago === null ? null : r.dpd - r.dpd_30d_ago,
      bucket_rank_change_30d: r.bucket_rank_30d_ago === null ? null : r.bucket_rank - r.bucket_rank_30d_ago,
      months_on_book: r.months_on_book,
      first_installment_overdue_days: r.first_installment_overdue_days,
      outstanding_principal_fen: r.outstanding_principal_fen,
      // measured with a worthless vehicle: LTV is infinite, which any threshold is below
      ltv_bp: r.ltv_measured ? (r.ltv_bp ?? Number.MAX_SAFE_INTEGER) : null,
      ltv_threshold_bp: r.ltv_threshold_bp,
      uninsured: r.uninsured,
      gps_alerts_30d: r.gps_alerts_30d,
      gps_tamper_alerts_30d: r.gps_tamper_alerts_30d,
      gps_zone_alerts_30d: r.gps_zone_alerts_30d,
      gps_offline: r.gps_offline,
      income_drop: r.income_drop,
      job_loss: r.job_loss,
      moved_away: r.moved_away,
      vehicle_not_with_borrower: r.vehicle_not_with_borrower,
      broken_promises_90d: r.broken_promises_90d,
      // unknown until the champion scores the loan, and the change until it has a score 30 days back
      score: r.score,
      score_change_30d: r.score === null || r.score_30d_ago === null ? null : r.score - r.score_30d_ago,
    },
  }));
}

/**
 * The loan features an early-warning expression may read: the documented list. Each is a number or
 * a yes/no, as of the business date being evaluated. A feature the book cannot give for a loan (no
 * valuation yet, a loan younger than the look-back, no scorecard yet) is *unknown*, not 0: an
 * expression over an unknown is unknown and does not fire (see evaluate.ts), so a missing input
 * never raises, nor silently clears, a warning.
 */
export type FeatureType = 'number' | 'boolean';

export interface FeatureDoc {
  type: FeatureType;
  zh: string;
  en: string;
  /** where the value comes from, for the indicator editor */
  source: string;
}

export const FEATURES = {
  dpd: { type: 'number', zh: '逾期天数', en: 'days past due', source: 'loan_status.dpd' },
  bucket_rank: { type: 'number', zh: '逾期档位序号（M0=0 … M7+=7）', en: 'delinquency bucket rank (M0 = 0 … M7+ = 7)', source: 'delinquency_band.position of loan_status.bucket' },
  dpd_30d_ago: { type: 'number', zh: '30 天前的逾期天数', en: 'days past due 30 days earlier', source: 'loan_status_history; unknown if the loan was not yet disbursed' },
  dpd_change_30d: { type: 'number', zh: '逾期天数 30 天变化', en: 'change in days past due over 30 days', source: 'dpd − dpd_30d_ago' },
  bucket_rank_change_30d: { type: 'number', zh: '逾期档位 30 天变化', en: 'change in bucket rank over 30 days', source: 'bucket_rank − the rank 30 days earlier' },
  months_on_book: { type: 'number', zh: '账龄（月）', en: 'months since disbursement', source: 'loan.disbursement_date' },
  first_installment_overdue_days: {
    type: 'number',
    zh: '首期逾期天数（未还：至今；已还：还清时）',
    en: 'days the first installment is or was overdue (unpaid: until today; paid: until settled)',
    source: 'installment with the first due date',
  },
  outstanding_principal_fen: { type: 'number', zh: '剩余本金（分）', en: 'outstanding principal in fen', source: 'loan_status.outstanding_principal_fen' },
  ltv_bp: { type: 'number', zh: '抵押率（基点，10000 = 100%）', en: 'loan-to-value in basis points (10,000 = 100 %)', source: 'loan_ltv; unknown before the first valuation or when the vehicle is worth nothing' },
  ltv_threshold_bp: { type: 'number', zh: '产品抵押率阈值（基点）', en: "the product's LTV threshold in basis points", source: 'ltv_threshold' },
  uninsured: { type: 'boolean', zh: '抵押车辆缺少必需保险', en: 'the vehicle lacks a required insurance policy', source: 'insurance_policy; unknown without a vehicle' },
  gps_alerts_30d: { type: 'number', zh: '近 30 天 GPS 告警数', en: 'GPS alerts in the last 30 days', source: 'telematics_alert' },
  gps_tamper_alerts_30d: { type: 'number', zh: '近 30 天 GPS 拆除/断电告警数', en: 'GPS tamper or power-cut alerts in the last 30 days', source: 'telematics_alert kind tamper' },
  gps_zone_alerts_30d: { type: 'number', zh: '近 30 天进入风险区域或驶出区域告警数', en: 'GPS risk-zone and region-exit alerts in the last 30 days', source: 'telematics_alert kinds geofence_enter, region_exit' },
  gps_offline: { type: 'boolean', zh: 'GPS 离线告警（近 30 天）', en: 'a GPS offline alert in the last 30 days', source: 'telematics_alert kind offline' },
  income_drop: { type: 'boolean', zh: '回访发现收入下降（未撤销）', en: 'a follow-up found an income drop (not cleared)', source: 'followup_flag income_drop' },
  job_loss: { type: 'boolean', zh: '回访发现失业（未撤销）', en: 'a follow-up found a job loss (not cleared)', source: 'followup_flag job_loss' },
  moved_away: { type: 'boolean', zh: '回访发现已搬离（未撤销）', en: 'a follow-up found the borrower moved away (not cleared)', source: 'followup_flag moved_away' },
  vehicle_not_with_borrower: { type: 'boolean', zh: '回访发现车辆不在借款人处（未撤销）', en: 'a follow-up found the vehicle is not with the borrower (not cleared)', source: 'followup_flag vehicle_not_with_borrower' },
  broken_promises_90d: { type: 'number', zh: '近 90 天违约的还款承诺数', en: 'promises to pay broken in the last 90 days', source: 'collection_promise state broken' },
  score: { type: 'number', zh: '行为评分', en: 'behaviour score', source: 'the behaviour scorecard; unknown until it scores the loan' },
  score_change_30d: { type: 'number', zh: '行为评分 30 天变化', en: 'change in behaviour score over 30 days', source: 'the behaviour scorecard; unknown until it has two scores' },
} as const satisfies Record<string, FeatureDoc>;

export type FeatureName = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

/** A feature value: a number, a yes/no, or unknown (null). */
export type FeatureValue = number | boolean | null;
export type FeatureRow = Readonly<Partial<Record<FeatureName, FeatureValue>>>;

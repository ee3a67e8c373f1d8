import type { IndicatorInput } from './indicator.js';

/**
 * Head office's starter library of early-warning indicators, as migration 0012 seeds it (a test
 * keeps the two equal). Each reads only documented features; the score drop stays silent (its
 * features are unknown) until the behaviour scorecard scores loans.
 */
const from = '2020-01-01';

export const STARTER_INDICATORS: readonly IndicatorInput[] = [
  { code: 'first-payment-default', nameZh: '首期违约', nameEn: 'First payment default', expression: 'first_installment_overdue_days >= 30 and months_on_book <= 6', severity: 'high', effectiveFrom: from },
  { code: 'dpd-roll', nameZh: '逾期迁徙恶化', nameEn: 'DPD roll to a worse bucket', expression: 'bucket_rank_change_30d >= 1 and dpd > 30', severity: 'high', effectiveFrom: from },
  { code: 'ltv-breach', nameZh: '抵押率超限', nameEn: 'LTV above the product threshold', expression: 'ltv_bp >= ltv_threshold_bp', severity: 'medium', effectiveFrom: from },
  { code: 'gps-tamper', nameZh: 'GPS 拆除或断电', nameEn: 'GPS tracker tampered with or cut', expression: 'gps_tamper_alerts_30d', threshold: { op: '>=', value: 1 }, severity: 'critical', effectiveFrom: from },
  { code: 'income-drop', nameZh: '回访发现收入下降', nameEn: 'Income drop found at follow-up', expression: 'income_drop', severity: 'medium', effectiveFrom: from },
  { code: 'broken-promises', nameZh: '多次违约承诺', nameEn: 'Several broken promises to pay', expression: 'broken_promises_90d', threshold: { op: '>=', value: 2 }, severity: 'high', effectiveFrom: from },
  { code: 'score-drop', nameZh: '行为评分下降', nameEn: 'Behaviour score dropped', expression: 'score_change_30d', threshold: { op: '<=', value: -50 }, severity: 'medium', effectiveFrom: from },
];

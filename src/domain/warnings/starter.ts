import type { IndicatorInput } from './indicator.js';

/**
 * Head office's starter library of early-warning indicators, as migrations 0012 and 0014 seed it
 * (a test keeps the two equal). Each reads only documented features; the score drop stays silent
 * (its features are unknown) until an approved champion scorecard has scored the loan twice 30
 * days apart. Three act when they open: an income drop and a GPS tamper send someone to the
 * borrower, broken promises put a call by the branch manager on the open collection case.
 */
const from = '2020-01-01';

export const STARTER_INDICATORS: readonly IndicatorInput[] = [
  { code: 'first-payment-default', nameZh: '首期违约', nameEn: 'First payment default', expression: 'first_installment_overdue_days >= 30 and months_on_book <= 6', severity: 'high', effectiveFrom: from },
  { code: 'dpd-roll', nameZh: '逾期迁徙恶化', nameEn: 'DPD roll to a worse bucket', expression: 'bucket_rank_change_30d >= 1 and dpd > 30', severity: 'high', effectiveFrom: from },
  { code: 'ltv-breach', nameZh: '抵押率超限', nameEn: 'LTV above the product threshold', expression: 'ltv_bp >= ltv_threshold_bp', severity: 'medium', effectiveFrom: from },
  { code: 'gps-tamper', nameZh: 'GPS 拆除或断电', nameEn: 'GPS tracker tampered with or cut', expression: 'gps_tamper_alerts_30d', threshold: { op: '>=', value: 1 }, severity: 'critical', effectiveFrom: from, action: { kind: 'followup', channel: 'field', withinDays: 3 } },
  { code: 'income-drop', nameZh: '回访发现收入下降', nameEn: 'Income drop found at follow-up', expression: 'income_drop', severity: 'medium', effectiveFrom: from, action: { kind: 'followup', channel: 'phone', withinDays: 7 } },
  {
    code: 'broken-promises',
    nameZh: '多次违约承诺',
    nameEn: 'Several broken promises to pay',
    expression: 'broken_promises_90d',
    threshold: { op: '>=', value: 2 },
    severity: 'high',
    effectiveFrom: from,
    action: { kind: 'collection_step', action: 'call', forRole: 'branch_manager', withinDays: 2 },
  },
  { code: 'score-drop', nameZh: '行为评分下降', nameEn: 'Behaviour score dropped', expression: 'score_change_30d', threshold: { op: '<=', value: -50 }, severity: 'medium', effectiveFrom: from },
];

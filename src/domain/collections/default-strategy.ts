import { type Strategy, StrategySchema } from './strategy.js';

/**
 * The head-office standard shipped with Daihou, as data: graded collection as the second source
 * article asks (help the willing-but-unable, press the malicious). Held accounts (dispute,
 * deceased, legal) come first so no later segment ever contacts them; hardship gets a soft
 * track; malicious or fraud cases go straight to field work and legal review.
 */
export const DEFAULT_STRATEGY: Strategy = StrategySchema.parse({
  code: 'cn-standard',
  version: 1,
  nameZh: '总行标准催收策略',
  nameEn: 'Head-office standard collection strategy',
  effectiveFrom: '2026-01-01',
  segments: [
    { code: 'held', nameZh: '停催（争议、身故、诉讼）', nameEn: 'Held (dispute, deceased, legal)', when: { tagsAny: ['dispute', 'deceased', 'legal'] }, treatments: [] },
    {
      code: 'malicious',
      nameZh: '恶意逃废债、欺诈',
      nameEn: 'Malicious or fraud',
      when: { tagsAny: ['malicious', 'fraud'], dpdMin: 1 },
      treatments: [
        { code: 'call', action: 'call', day: 1, priority: 5, slaHours: 24 },
        { code: 'visit', action: 'field_visit', day: 7, priority: 5, slaHours: 72 },
        { code: 'repossess', action: 'repossession_review', day: 15, priority: 3, slaHours: 72 },
        { code: 'legal', action: 'legal_referral', day: 31, priority: 3, slaHours: 120 },
      ],
    },
    {
      code: 'hardship',
      nameZh: '困难客户（有意愿、暂无能力）',
      nameEn: 'Hardship (willing, temporarily unable)',
      when: { tagsAny: ['hardship'], dpdMin: 1 },
      treatments: [
        { code: 'call', action: 'call', day: 1, priority: 30, slaHours: 48 },
        { code: 'review', action: 'call', day: 15, repeatEveryDays: 15, priority: 30, slaHours: 72, template: 'restructure-offer' },
      ],
    },
    {
      code: 'promised',
      nameZh: '已承诺还款',
      nameEn: 'Promise to pay outstanding',
      when: { promise: ['active'], dpdMin: 1 },
      treatments: [{ code: 'promise-sms', action: 'sms', day: 1, priority: 70, slaHours: 24, template: 'promise-reminder' }],
    },
    {
      code: 'pre-due',
      nameZh: '到期前提醒',
      nameEn: 'Reminder before due',
      when: { dpdMax: 0 },
      treatments: [{ code: 'sms-d-3', action: 'sms', day: -3, priority: 90, slaHours: 24, template: 'reminder-before-due' }],
    },
    {
      code: 'early',
      nameZh: '早期逾期（M1）',
      nameEn: 'Early arrears (M1)',
      when: { dpdMin: 1, dpdMax: 30 },
      treatments: [
        { code: 'sms-d1', action: 'sms', day: 1, priority: 60, slaHours: 24, template: 'overdue-notice' },
        { code: 'call-d3', action: 'call', day: 3, repeatEveryDays: 7, priority: 40, slaHours: 24 },
        { code: 'call-d15', action: 'call', day: 15, repeatEveryDays: 3, priority: 30, slaHours: 24 },
      ],
    },
    {
      code: 'mid',
      nameZh: '中期逾期（M2–M3）',
      nameEn: 'Mid arrears (M2–M3)',
      when: { dpdMin: 31, dpdMax: 90 },
      treatments: [
        { code: 'call', action: 'call', day: 31, repeatEveryDays: 3, priority: 20, slaHours: 24 },
        { code: 'letter', action: 'letter', day: 45, priority: 25, slaHours: 72 },
        { code: 'visit', action: 'field_visit', day: 61, priority: 15, slaHours: 72 },
      ],
    },
    {
      code: 'late',
      nameZh: '后期逾期（M4+）',
      nameEn: 'Late arrears (M4+)',
      when: { dpdMin: 91 },
      treatments: [
        { code: 'agency', action: 'agency', day: 91, priority: 10, slaHours: 120 },
        { code: 'repossess', action: 'repossession_review', day: 121, priority: 10, slaHours: 120 },
        { code: 'legal', action: 'legal_referral', day: 181, priority: 10, slaHours: 240 },
      ],
    },
  ],
});

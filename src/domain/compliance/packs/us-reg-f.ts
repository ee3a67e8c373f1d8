import { type RulePack, RulePackSchema } from '../pack.js';

/**
 * US CFPB Regulation F (12 CFR 1006, in force 2021-11-30), after shared/DOMAIN-RULES.md §3.1.
 * It binds third-party collectors rather than an original creditor collecting its own auto
 * loans, but it is the industry standard. The US spans zones, so there is no default zone: the
 * consumer's zone must be given. Days are local calendar days. "After 9:00 p.m." is read as from
 * 21:00:00 on, since the guard reads the clock to the millisecond and 21:00:30 is after nine.
 */

const REG_F = '12 CFR 1006 (Regulation F)';

export const US_REG_F_V1: RulePack = RulePackSchema.parse({
  id: 'us-reg-f',
  jurisdiction: 'US',
  version: 1,
  effectiveFrom: '2021-11-30',
  effectiveTo: null,
  dayStartsAt: '00:00',
  rules: [
    {
      code: 'holds',
      name: { 'zh-CN': '停催', 'en-US': 'Collection hold' },
      source: `${REG_F} §1006.38(d)(2): cease collection of a disputed debt until verified`,
      params: { kinds: ['dispute', 'complaint', 'deceased', 'legal', 'hardship_review'] },
    },
    {
      code: 'quiet-hours',
      name: { 'zh-CN': '不便联系时段', 'en-US': 'Inconvenient times' },
      source: `${REG_F} §1006.6(b)(1)(i): before 8:00 a.m. or after 9:00 p.m. local time`,
      params: { start: '21:00', end: '08:00', channels: ['call', 'sms', 'email', 'im', 'visit'], honourConsent: true },
    },
    {
      code: 'call-frequency',
      name: { 'zh-CN': '7 日内呼叫上限', 'en-US': 'Call frequency (7 in 7)' },
      source: `${REG_F} §1006.14(b)(2)(i)(A)`,
      params: { max: 7, days: 7, channels: ['call'] },
    },
    {
      code: 'after-conversation',
      name: { 'zh-CN': '通话后 7 日内不再呼叫', 'en-US': 'No call within 7 days of a conversation' },
      source: `${REG_F} §1006.14(b)(2)(i)(B)`,
      params: { days: 7, channels: ['call'] },
    },
  ],
});

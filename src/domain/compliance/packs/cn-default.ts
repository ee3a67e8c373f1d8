import { type RulePack, RulePackSchema } from '../pack.js';

/**
 * China default pack, after shared/DOMAIN-RULES.md §2.1–2.2. Version 1 follows GB/T 45251—2025
 * (in force 2025-02-28); version 2 adds the China Banking Association's 6-unanswered-per-number
 * cap from its 2026 guideline, dated from its release (2026-01-30) because no separate effective
 * date was found. Both sources are secondary-verified [S]: confirm before relying on them.
 */

const GBT = 'GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》';
const CBA = '中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》(2026)';

const rulesV1 = [
  {
    code: 'holds',
    name: { 'zh-CN': '停催', 'en-US': 'Collection hold' },
    source: '内部控制；《银行保险机构消费者权益保护管理办法》第41条',
    params: { kinds: ['dispute', 'complaint', 'deceased', 'legal', 'hardship_review'] },
  },
  {
    code: 'collector-training',
    name: { 'zh-CN': '催收员培训有效', 'en-US': 'Collector training current' },
    source: `${GBT}：岗前及每年培训考核`,
    params: { timeZone: 'Asia/Shanghai' },
  },
  {
    code: 'third-party-gate',
    name: { 'zh-CN': '第三方联系限制', 'en-US': 'Third-party contact gate' },
    source: `${GBT}；${CBA}`,
    params: { parties: ['emergency_contact', 'third_party'], failedAttemptsToDebtor: 3, purposes: ['locate', 'pass_message'] },
  },
  {
    code: 'quiet-hours',
    name: { 'zh-CN': '禁止催收时段', 'en-US': 'Quiet hours' },
    source: `${GBT}；${CBA}：22:00–08:00 未经同意不得催收`,
    params: { start: '22:00', end: '08:00', channels: ['call', 'sms', 'im', 'visit'], honourConsent: true },
  },
  {
    code: 'daily-conversations',
    name: { 'zh-CN': '每日有效通话上限', 'en-US': 'Daily conversation cap' },
    source: `${GBT}：单一债务人每日有效通话不超过 3 次（含委外）`,
    params: { max: 3, channels: ['call'], parties: ['borrower', 'guarantor'] },
  },
] as const;

const unanswered = {
  code: 'unanswered-per-number',
  name: { 'zh-CN': '单号码每日未接通上限', 'en-US': 'Daily unanswered attempts per number' },
  source: `${CBA}：未接听时同一号码每日拨打不宜超过 6 次`,
  params: { max: 6, channels: ['call'] },
} as const;

const common = { id: 'cn-default', jurisdiction: 'CN', defaultTimeZone: 'Asia/Shanghai', dayStartsAt: '08:00' } as const;

export const CN_DEFAULT_V1: RulePack = RulePackSchema.parse({ ...common, version: 1, effectiveFrom: '2025-02-28', effectiveTo: '2026-01-29', rules: rulesV1 });

export const CN_DEFAULT_V2: RulePack = RulePackSchema.parse({ ...common, version: 2, effectiveFrom: '2026-01-30', effectiveTo: null, rules: [...rulesV1, unanswered] });

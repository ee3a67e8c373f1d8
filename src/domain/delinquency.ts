import { type BusinessDate, daysBetween } from './business-date.js';

/**
 * Delinquency rules for close of business, each a small pure function returning a decision and,
 * where a person may ask "why", an explanation. Thresholds are data (bands, grace, upgrade run)
 * so head office can change them without a release; the defaults follow
 * 《商业银行金融资产风险分类办法》(2023) and IFRS 9 as summarised in shared/DOMAIN-RULES.md.
 */

/** Days past due: the business date minus the oldest due date still unpaid; the due date itself is 0. */
export function daysPastDue(asOf: BusinessDate, oldestUnpaidDueDate: BusinessDate | null): number {
  if (oldestUnpaidDueDate === null) return 0;
  return Math.max(0, daysBetween(oldestUnpaidDueDate, asOf));
}

export interface Band {
  code: string;
  minDpd: number;
  /** null: no upper end */
  maxDpd: number | null;
}

export const DEFAULT_BANDS: readonly Band[] = [
  { code: 'M0', minDpd: 0, maxDpd: 0 },
  { code: 'M1', minDpd: 1, maxDpd: 30 },
  { code: 'M2', minDpd: 31, maxDpd: 60 },
  { code: 'M3', minDpd: 61, maxDpd: 90 },
  { code: 'M4', minDpd: 91, maxDpd: 120 },
  { code: 'M5', minDpd: 121, maxDpd: 150 },
  { code: 'M6', minDpd: 151, maxDpd: 180 },
  { code: 'M7+', minDpd: 181, maxDpd: null },
];

/** Bands must cover 0 upwards without gaps or overlaps, the last one open-ended. */
export function checkBands(bands: readonly Band[]): string | null {
  if (bands.length === 0 || bands[0]?.minDpd !== 0) return 'the first band must start at 0 days';
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!;
    const next = bands[i + 1];
    if (b.maxDpd !== null && b.maxDpd < b.minDpd) return `band ${b.code} ends before it starts`;
    if (next && (b.maxDpd === null || next.minDpd !== b.maxDpd + 1)) return `band ${next.code} must start the day after ${b.code} ends`;
    if (!next && b.maxDpd !== null) return `the last band ${b.code} must be open-ended`;
  }
  return null;
}

export function bucketOf(dpd: number, bands: readonly Band[] = DEFAULT_BANDS): string {
  const band = bands.find((b) => dpd >= b.minDpd && (b.maxDpd === null || dpd <= b.maxDpd));
  if (!band) throw new Error(`no band holds ${dpd} days past due`);
  return band.code;
}

/** 五级分类 in order of severity. */
export const RISK_CLASSES = ['normal', 'special_mention', 'substandard', 'doubtful', 'loss'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];
export const RISK_CLASS_ZH: Record<RiskClass, string> = { normal: '正常', special_mention: '关注', substandard: '次级', doubtful: '可疑', loss: '损失' };

const severity = (c: RiskClass) => RISK_CLASSES.indexOf(c);
export const worse = (a: RiskClass, b: RiskClass): RiskClass => (severity(a) >= severity(b) ? a : b);
export const isNonPerforming = (c: RiskClass) => severity(c) >= severity('substandard');

export interface ClassificationPolicy {
  /** Days of operational or technical delay (1–7) that do not yet make a loan 关注; 0 = none. */
  operationalGraceDays: number;
  /** An NPL goes back to performing only after this many consecutive on-time periods… */
  upgradePeriods: number;
  /** …and at least this many months since the arrears were cleared (the longer of the two). */
  upgradeMonths: number;
}

export const DEFAULT_CLASSIFICATION: ClassificationPolicy = { operationalGraceDays: 0, upgradePeriods: 2, upgradeMonths: 6 };

/** The floor by days past due: "超过 N 天" is > N, so 90 → 关注, 91 → 次级, 271 → 可疑, 361 → 损失. */
export function classFloorByDpd(dpd: number, policy: ClassificationPolicy = DEFAULT_CLASSIFICATION): RiskClass {
  if (dpd > 360) return 'loss';
  if (dpd > 270) return 'doubtful';
  if (dpd > 90) return 'substandard';
  if (dpd > policy.operationalGraceDays) return 'special_mention';
  return 'normal';
}

export interface ClassificationInput {
  previous: RiskClass;
  dpd: number;
  /** Floors from events (restructured, loan-use breach, flags of later modules), with why. */
  eventFloors: ReadonlyArray<{ floor: RiskClass; reason: string }>;
  /** A manual class set by a person with the right role; it may worsen, not better, the result. */
  override: { riskClass: RiskClass; reason: string } | null;
  /** Arrears (and fees) fully repaid. */
  arrearsCleared: boolean;
  /** Consecutive installments paid in full on time since the arrears were cleared. */
  onTimePeriodsSinceCleared: number;
  /** Whole months since the arrears were cleared. */
  monthsSinceCleared: number;
}

export interface Classification {
  riskClass: RiskClass;
  why: string[];
}

/**
 * `class = worst(floor by DPD, event floors, override)`; a downgrade applies at once, an upgrade
 * only when the rule allows it: arrears cleared, and for a non-performing loan the required run of
 * normal payments (two periods or six months, whichever is longer). Until then the previous class
 * stands.
 */
export function classify(input: ClassificationInput, policy: ClassificationPolicy = DEFAULT_CLASSIFICATION): Classification {
  const why: string[] = [];
  const dpdFloor = classFloorByDpd(input.dpd, policy);
  let target = dpdFloor;
  why.push(`${input.dpd} days past due → at least ${RISK_CLASS_ZH[dpdFloor]}`);
  for (const e of input.eventFloors) {
    if (severity(e.floor) > severity(target)) why.push(`${e.reason} → at least ${RISK_CLASS_ZH[e.floor]}`);
    target = worse(target, e.floor);
  }
  if (input.override && severity(input.override.riskClass) > severity(target)) {
    why.push(`manual: ${input.override.reason} → ${RISK_CLASS_ZH[input.override.riskClass]}`);
    target = input.override.riskClass;
  }
  if (severity(target) >= severity(input.previous)) return { riskClass: target, why };
  if (!input.arrearsCleared) {
    return { riskClass: input.previous, why: [...why, `stays ${RISK_CLASS_ZH[input.previous]}: arrears not cleared`] };
  }
  if (isNonPerforming(input.previous)) {
    const periodsOk = input.onTimePeriodsSinceCleared >= policy.upgradePeriods;
    const monthsOk = input.monthsSinceCleared >= policy.upgradeMonths;
    if (!periodsOk || !monthsOk) {
      return {
        riskClass: input.previous,
        why: [...why, `stays ${RISK_CLASS_ZH[input.previous]}: needs ${policy.upgradePeriods} on-time periods and ${policy.upgradeMonths} months after clearing (has ${input.onTimePeriodsSinceCleared} and ${input.monthsSinceCleared})`],
      };
    }
  }
  return { riskClass: target, why: [...why, `upgraded from ${RISK_CLASS_ZH[input.previous]}`] };
}

/** IFRS 9: over 30 DPD (or a significant increase in credit risk) → stage 2; over 90 → stage 3. */
export function ifrs9Stage(dpd: number, significantIncrease: boolean, creditImpaired = false): 1 | 2 | 3 {
  if (dpd > 90 || creditImpaired) return 3;
  if (dpd > 30 || significantIncrease) return 2;
  return 1;
}

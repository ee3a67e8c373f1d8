import { Dec, type Fen, roundFen } from './money.js';

/**
 * 罚息: penalty interest on overdue principal, from the day after a due date until paid, at the
 * contract rate × (1 + markup) (PBOC 银发〔2003〕251号: a 30–50 % markup; 50 % by default), with
 * the daily rate = annual / 360 (ACT/360, the usual Chinese bank convention) or / 365.
 * Optional compounding (复利) charges the same penalty rate on overdue interest.
 */
export type DayCount = 'ACT/360' | 'ACT/365';

export interface PenaltyRule {
  /** Contract annual rate, decimal string. */
  annualRate: string;
  /** "0.5" = contract rate × 1.5. */
  markup: string;
  dayCount: DayCount;
  compoundOnInterest: boolean;
}

export const DEFAULT_PENALTY_MARKUP = '0.5';

export function penaltyDailyRate(rule: Pick<PenaltyRule, 'annualRate' | 'markup' | 'dayCount'>): Dec {
  return new Dec(rule.annualRate).times(new Dec(1).plus(rule.markup)).div(rule.dayCount === 'ACT/360' ? 360 : 365);
}

/** Exact (unrounded) penalty in fen on `baseFen` over `days` days. */
export function penaltyExactFen(baseFen: Fen, days: number, rule: Pick<PenaltyRule, 'annualRate' | 'markup' | 'dayCount'>): Dec {
  if (days <= 0 || baseFen <= 0) return new Dec(0);
  return penaltyDailyRate(rule).times(baseFen).times(days);
}

/** Penalty over a period, rounded half-up to the fen once, at the end. */
export function penaltyFen(overduePrincipalFen: Fen, overdueInterestFen: Fen, days: number, rule: PenaltyRule): Fen {
  const base = overduePrincipalFen + (rule.compoundOnInterest ? overdueInterestFen : 0);
  return roundFen(penaltyExactFen(base, days, rule));
}

import { addDays, type BusinessDate, daysBetween } from '../business-date.js';
import type { Fen } from '../money.js';
import { penaltyFen, type PenaltyRule } from '../penalty.js';
import type { Installment } from '../schedule.js';
import type { Rng } from './rng.js';

export type BehaviourProfile = 'on-time' | 'late-cure' | 'default' | 'prepay';

/**
 * Shares of each profile across a generated book. Chinese captive and bank auto lenders report
 * 30+ day delinquency around 1–2 % of balances and a few percent of loans ever defaulting; early
 * settlement (提前结清) runs at a few percent of loans. The profile is the loan's character over
 * its whole term: a loan that will default in month 20 still looks on-time at month 10.
 */
export const PROFILE_SHARES: readonly (readonly [BehaviourProfile, number])[] = [
  ['on-time', 0.85],
  ['late-cure', 0.08],
  ['default', 0.035],
  ['prepay', 0.035],
];

export interface Payment {
  valueDate: BusinessDate;
  amountFen: Fen;
}

export interface RepaymentHistory {
  profile: BehaviourProfile;
  /** Payments with a value date on or before `asOf`, oldest first. */
  payments: Payment[];
}

export type ScheduledInstallment = Pick<Installment, 'seq' | 'dueDate' | 'principalFen' | 'interestFen' | 'paymentFen' | 'balanceAfterFen'>;

export interface BehaviourOptions {
  /**
   * When given, a late cure also pays the penalty interest (罚息) on each missed installment for
   * the days it was late, by `penaltyFen`; without it a cure pays exactly the missed installments.
   */
  penalty?: PenaltyRule | undefined;
}

// Most payers are on an auto-debit (代扣) on the due date; the rest transfer a few days early.
const EARLY_DAYS: readonly (readonly [number, number])[] = [[0, 70], [1, 10], [2, 8], [3, 6], [4, 3], [5, 3]];
// Late payers mostly cure within days of the first collection call.
const LATE_DAYS: readonly (readonly [readonly [number, number], number])[] = [[[1, 3], 40], [[4, 7], 30], [[8, 14], 20], [[15, 20], 10]];

type Plan = { rng: Rng; schedule: readonly ScheduledInstallment[]; options: BehaviourOptions };

function paidOnTime(rng: Rng, inst: ScheduledInstallment, extraFen = 0): Payment {
  return { valueDate: addDays(inst.dueDate, -rng.weighted(EARLY_DAYS)), amountFen: inst.paymentFen + extraFen };
}

function onTime({ rng, schedule }: Plan, upTo = schedule.length): Payment[] {
  return schedule.slice(0, upTo).map((inst) => paidOnTime(rng, inst));
}

/**
 * Misses an installment now and then (one guaranteed, then each with the loan's own 10–30 %
 * propensity) and cures 1–20 days after the latest missed due date. One episode in seven
 * lets two installments run together, so the first is a month or more late when both are paid.
 */
function lateCure({ rng, schedule, options }: Plan): Payment[] {
  const propensity = rng.int(10, 30) / 100;
  const surelyLate = rng.int(0, schedule.length - 1);
  const payments: Payment[] = [];
  for (let i = 0; i < schedule.length; i++) {
    const inst = schedule[i] as ScheduledInstallment;
    if (i !== surelyLate && !rng.chance(propensity)) {
      payments.push(paidOnTime(rng, inst));
      continue;
    }
    const next = schedule[i + 1];
    const missed = next && rng.chance(1 / 7) ? [inst, next] : [inst];
    const [lo, hi] = rng.weighted(LATE_DAYS);
    const last = missed[missed.length - 1] as ScheduledInstallment;
    const cure = addDays(last.dueDate, rng.int(lo, hi));
    const penalty = options.penalty;
    const amountFen = missed.reduce(
      (sum, m) => sum + m.paymentFen + (penalty ? penaltyFen(m.principalFen, m.interestFen, daysBetween(m.dueDate, cure), penalty) : 0),
      0,
    );
    payments.push({ valueDate: cure, amountFen });
    i += missed.length - 1;
  }
  return payments;
}

/**
 * Pays normally, then stops at an installment drawn with most defaults early in the term
 * (exponential, mean a third of the term). Half of defaulters make one or two token payments
 * (10–45 % of an installment each, so together never a full one) in the two months after, then
 * nothing more.
 */
function defaulter(plan: Plan): Payment[] {
  const { rng, schedule } = plan;
  const n = schedule.length;
  const firstMissed = Math.min(n, 1 + Math.floor(-Math.log(1 - rng.float()) * Math.max(1, n / 3)));
  const payments = onTime(plan, firstMissed - 1);
  const missed = schedule[firstMissed - 1] as ScheduledInstallment;
  if (rng.chance(0.5)) {
    const count = rng.weighted([[1, 60], [2, 40]] as const);
    const days = Array.from({ length: count }, () => rng.int(3, 60)).sort((a, b) => a - b);
    for (const d of days) {
      payments.push({ valueDate: addDays(missed.dueDate, d), amountFen: Math.max(1, Math.round((missed.paymentFen * rng.int(10, 45)) / 100)) });
    }
  }
  return payments;
}

/**
 * Settles early on a due date itself: that installment plus the whole principal still
 * outstanding after it, so no broken-period interest arises and nothing is left over as credit
 * (any prepayment fee is charged elsewhere). Not before the third installment.
 */
function prepayer(plan: Plan): Payment[] {
  const { rng, schedule } = plan;
  const n = schedule.length;
  const lo = Math.min(n, 3);
  const at = rng.int(lo, Math.max(lo, n - 1));
  const payoff = schedule[at - 1] as ScheduledInstallment;
  return [...onTime(plan, at - 1), { valueDate: payoff.dueDate, amountFen: payoff.paymentFen + payoff.balanceAfterFen }];
}

/**
 * A loan's repayments up to and including `asOf`. The whole term is planned from `rng` first and
 * only then cut at `asOf`, so a later as-of date extends the same history rather than redrawing it.
 */
export function simulateRepayments(
  installments: readonly ScheduledInstallment[],
  rng: Rng,
  asOf: BusinessDate,
  options: BehaviourOptions = {},
): RepaymentHistory {
  const profile = rng.child('profile').weighted(PROFILE_SHARES);
  if (installments.length === 0) return { profile, payments: [] };
  const schedule = [...installments].sort((a, b) => a.seq - b.seq);
  const plan: Plan = { rng: rng.child('payments'), schedule, options };
  const all = profile === 'on-time' ? onTime(plan) : profile === 'late-cure' ? lateCure(plan) : profile === 'default' ? defaulter(plan) : prepayer(plan);
  const payments = all.filter((p) => p.valueDate <= asOf).sort((a, b) => (a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : 0));
  return { profile, payments };
}

import type { BusinessDate } from './business-date.js';
import { monthlyDueDate } from './due-dates.js';
import { Dec, type Fen } from './money.js';
import { buildSchedule, type Installment, levelPaymentFen, type RepaymentMethod } from './schedule.js';

/**
 * Partial prepayment (部分提前还款): money beyond what is due, on the day it is paid, goes to
 * principal and the rest of the schedule is recomputed as a new version, either keeping the
 * installment and shortening the term (缩短期限) or keeping the term and lowering the installment
 * (减少月供).
 *
 * The new version keeps every installment due on or before the payment day as it was, adds a
 * "prepayment installment" due that day for the prepaid principal (so the ledger replay allocates
 * the payment to it like to any other due amount), and re-amortises what is left from the next
 * due date on, with the same due-date anchor. The first new period charges a full month's interest
 * on the reduced balance — the convention of the schedule engine, which knows months, not days.
 */
export type PrepaymentOption = 'shorten-term' | 'lower-installment';

export interface PrepaymentInput {
  installments: readonly Installment[];
  annualRate: string;
  method: RepaymentMethod;
  balloonFen: Fen;
  /** The first due date of the loan: the anchor of every due date. */
  firstDueDate: BusinessDate;
  paidOn: BusinessDate;
  prepaidFen: Fen;
  option: PrepaymentOption;
}

export class PrepaymentRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrepaymentRefused';
  }
}

export function reamortize(input: PrepaymentInput): Installment[] {
  const { installments, paidOn, prepaidFen } = input;
  const kept = installments.filter((i) => i.dueDate <= paidOn);
  const future = installments.filter((i) => i.dueDate > paidOn);
  const remaining = future.reduce((s, i) => s + i.principalFen, 0);
  if (future.length === 0 || prepaidFen <= 0) throw new PrepaymentRefused('nothing is left to prepay');
  if (prepaidFen >= remaining) throw new PrepaymentRefused('the amount pays the loan off: post it as a payoff');
  const after = remaining - prepaidFen;
  const balloon = input.method === 'balloon' ? Math.min(input.balloonFen, after - 1) : 0;
  const monthsLeft = future.length;
  const firstFuture = future[0]!;
  const monthIndex = installments.findIndex((i) => i.seq === firstFuture.seq);
  const r = new Dec(input.annualRate).div(12);
  let term = monthsLeft;
  if (input.option === 'shorten-term') {
    if (input.method === 'annuity' && !r.isZero()) {
      const payment = firstFuture.paymentFen;
      // smallest n whose level payment on `after` does not exceed the current payment
      const n = Math.ceil(-Math.log(1 - r.times(after).div(payment).toNumber()) / Math.log(1 + r.toNumber()));
      term = Math.max(1, Math.min(monthsLeft, Number.isFinite(n) ? n : monthsLeft));
      while (term > 1 && levelPaymentFen(after, input.annualRate, term - 1) <= payment) term -= 1;
    } else if (input.method === 'equal-principal' || (input.method === 'annuity' && r.isZero())) {
      term = Math.max(1, Math.min(monthsLeft, Math.ceil(after / Math.max(1, firstFuture.principalFen))));
    }
  }
  const rest = buildSchedule({
    principalFen: after,
    annualRate: input.annualRate,
    termMonths: term,
    method: input.method,
    firstDueDate: firstFuture.dueDate,
    balloonFen: input.method === 'balloon' && balloon > 0 ? balloon : undefined,
  }).installments;
  const lastKeptSeq = kept.reduce((m, i) => Math.max(m, i.seq), 0);
  const balanceBefore = kept.length > 0 ? kept[kept.length - 1]!.balanceAfterFen : remaining;
  const prepaymentInstallment: Installment = {
    seq: lastKeptSeq + 1,
    dueDate: paidOn,
    principalFen: prepaidFen,
    interestFen: 0,
    paymentFen: prepaidFen,
    balanceAfterFen: balanceBefore - prepaidFen,
  };
  return [
    ...kept,
    prepaymentInstallment,
    ...rest.map((i, k) => ({ ...i, seq: lastKeptSeq + 2 + k, dueDate: monthlyDueDate(input.firstDueDate, monthIndex + k) })),
  ];
}

import type { BusinessDate } from './business-date.js';
import { monthlyDueDate } from './due-dates.js';
import { Dec, type Fen, roundFen } from './money.js';

/**
 * Repayment schedules. One convention for all four methods:
 *
 * - monthly rate r = annual rate / 12;
 * - each period's interest = round half-up to the fen of (opening balance × r);
 * - annuity (等额本息): payment A = round(P·r / (1 − (1+r)^−n)); balloon (弹性尾款) with balloon B:
 *   A = round((P − B·(1+r)^−n)·r / (1 − (1+r)^−n)); at a zero rate A = round(P / n), balloon
 *   round((P − B) / n); principal = A − interest;
 * - equal-principal (等额本金): principal = round(P / n), interest on the declining balance;
 * - interest-only (先息后本): principal 0 until the last period;
 * - the last installment takes the whole remaining balance (its payment = that balance plus its
 *   interest), so the principal parts always sum exactly to P and rounding never leaves a residue;
 * - due dates: the first due date, then the same day of each following month, clamped to the
 *   month's last day.
 */
export const METHODS = ['annuity', 'equal-principal', 'interest-only', 'balloon'] as const;
export type RepaymentMethod = (typeof METHODS)[number];

export interface ScheduleTerms {
  principalFen: Fen;
  /** Decimal fraction as a string: "0.06" is 6 % a year. */
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  firstDueDate: BusinessDate;
  /** Only for `balloon`: the amount left to pay with the last installment. */
  balloonFen?: Fen | undefined;
}

export interface Installment {
  seq: number;
  dueDate: BusinessDate;
  principalFen: Fen;
  interestFen: Fen;
  paymentFen: Fen;
  balanceAfterFen: Fen;
}

export interface Schedule {
  installments: Installment[];
  totalInterestFen: Fen;
}

export class InvalidTerms extends Error {
  constructor(
    readonly field: keyof ScheduleTerms,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidTerms';
  }
}

export const MAX_TERM_MONTHS = 600;

export function isRepaymentMethod(value: string): value is RepaymentMethod {
  return (METHODS as readonly string[]).includes(value);
}

function validate(terms: ScheduleTerms): void {
  const { principalFen, termMonths, method, balloonFen } = terms;
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) throw new InvalidTerms('principalFen', 'the principal must be a positive amount');
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    throw new InvalidTerms('termMonths', `the term must be a whole number of months from 1 to ${MAX_TERM_MONTHS}`);
  }
  const rate = new Dec(terms.annualRate);
  if (!rate.isFinite() || rate.isNegative() || rate.gte(1)) throw new InvalidTerms('annualRate', 'the annual rate must be a fraction from 0 to below 1');
  if (method === 'interest-only' && rate.isZero() && termMonths > 1) {
    throw new InvalidTerms('annualRate', 'an interest-only loan at 0 % has nothing to pay before its last month');
  }
  if (method === 'balloon') {
    if (balloonFen === undefined || !Number.isSafeInteger(balloonFen) || balloonFen <= 0 || balloonFen >= principalFen) {
      throw new InvalidTerms('balloonFen', 'a balloon loan needs a balloon amount above 0 and below the principal');
    }
  } else if (balloonFen !== undefined && balloonFen !== 0) {
    throw new InvalidTerms('balloonFen', `a balloon amount only applies to the balloon method, not ${method}`);
  }
}

/** The level payment A of an annuity (balloon 0) or a balloon loan. */
export function levelPaymentFen(principalFen: Fen, annualRate: string, termMonths: number, balloonFen: Fen = 0): Fen {
  const r = new Dec(annualRate).div(12);
  if (r.isZero()) return roundFen(new Dec(principalFen - balloonFen).div(termMonths));
  const discount = r.plus(1).pow(-termMonths);
  return roundFen(new Dec(principalFen).minus(new Dec(balloonFen).times(discount)).times(r).div(new Dec(1).minus(discount)));
}

export function buildSchedule(terms: ScheduleTerms): Schedule {
  validate(terms);
  const { principalFen, termMonths, method, firstDueDate } = terms;
  const r = new Dec(terms.annualRate).div(12);
  const level =
    method === 'annuity' ? levelPaymentFen(principalFen, terms.annualRate, termMonths) : method === 'balloon' ? levelPaymentFen(principalFen, terms.annualRate, termMonths, terms.balloonFen) : 0;
  const equalPrincipal = roundFen(new Dec(principalFen).div(termMonths));

  const installments: Installment[] = [];
  let balance = principalFen;
  let totalInterestFen = 0;
  for (let seq = 1; seq <= termMonths; seq++) {
    const interestFen = roundFen(r.times(balance));
    let principal: Fen;
    if (seq === termMonths) principal = balance;
    else if (method === 'equal-principal') principal = equalPrincipal;
    else if (method === 'interest-only') principal = 0;
    // Rounding can make A fall short of a period's interest only on degenerate terms; the
    // balance must never grow, so such a period pays its interest and no principal.
    else principal = Math.max(0, level - interestFen);
    principal = Math.min(principal, balance);
    balance -= principal;
    totalInterestFen += interestFen;
    installments.push({ seq, dueDate: monthlyDueDate(firstDueDate, seq - 1), principalFen: principal, interestFen, paymentFen: principal + interestFen, balanceAfterFen: balance });
  }
  return { installments, totalInterestFen };
}

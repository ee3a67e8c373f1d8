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

function validate(terms: ScheduleTerms): MonthlyRate {
  const { principalFen, termMonths, method, balloonFen } = terms;
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) throw new InvalidTerms('principalFen', 'the principal must be a positive amount');
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    throw new InvalidTerms('termMonths', `the term must be a whole number of months from 1 to ${MAX_TERM_MONTHS}`);
  }
  const rate = monthlyRate(terms.annualRate);
  if (method === 'interest-only' && rate.num === 0n && termMonths > 1) {
    throw new InvalidTerms('annualRate', 'an interest-only loan at 0 % has nothing to pay before its last month');
  }
  if (method === 'balloon') {
    if (balloonFen === undefined || !Number.isSafeInteger(balloonFen) || balloonFen <= 0 || balloonFen >= principalFen) {
      throw new InvalidTerms('balloonFen', 'a balloon loan needs a balloon amount above 0 and below the principal');
    }
  } else if (balloonFen !== undefined && balloonFen !== 0) {
    throw new InvalidTerms('balloonFen', `a balloon amount only applies to the balloon method, not ${method}`);
  }
  return rate;
}

/**
 * The monthly rate r = annual / 12 as an exact fraction num / den in lowest terms: the annual
 * rate's decimal digits kept whole ("0.07" is 7/100, so r = 7/1200). decimal.js would round 7/1200
 * to 40 digits, and a balance whose interest is exactly k + 0.5 fen (600 fen at 7 %: 3.5 fen)
 * would then round down instead of up. `numSafe`/`denSafe` are the same as numbers when both are
 * small enough for exact integer arithmetic, else null.
 */
interface MonthlyRate {
  num: bigint;
  den: bigint;
  numSafe: number | null;
  denSafe: number | null;
}

const PLAIN_RATE = /^(\d+)(?:\.(\d+))?$/;
const rateCache = new Map<string, MonthlyRate>();

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

function parseMonthlyRate(annualRate: string): MonthlyRate {
  let m = PLAIN_RATE.exec(annualRate);
  if (!m) {
    // "1e-7", "-0.01", " 0.06": decimal.js decides what the text means, as before.
    let rate: Dec;
    try {
      rate = new Dec(annualRate);
    } catch {
      throw new InvalidTerms('annualRate', 'the annual rate must be a fraction from 0 to below 1');
    }
    if (!rate.isFinite() || rate.isNegative()) throw new InvalidTerms('annualRate', 'the annual rate must be a fraction from 0 to below 1');
    m = PLAIN_RATE.exec(rate.toFixed());
    if (!m) throw new InvalidTerms('annualRate', 'the annual rate must be a fraction from 0 to below 1');
  }
  const whole = BigInt(m[1] ?? '0');
  const decimals = (m[2] ?? '').replace(/0+$/, '');
  const scale = 10n ** BigInt(decimals.length);
  if (whole !== 0n) throw new InvalidTerms('annualRate', 'the annual rate must be a fraction from 0 to below 1');
  let num = BigInt(decimals === '' ? '0' : decimals);
  let den = 12n * scale;
  const common = num === 0n ? den : gcd(num, den);
  num /= common;
  den /= common;
  const safe = num <= BigInt(Number.MAX_SAFE_INTEGER) && den <= BigInt(Number.MAX_SAFE_INTEGER) / 2n;
  return { num, den, numSafe: safe ? Number(num) : null, denSafe: safe ? Number(den) : null };
}

/** Parsed once per distinct rate text: a book has few rates, and a schedule is built per loan. */
function monthlyRate(annualRate: string): MonthlyRate {
  let rate = rateCache.get(annualRate);
  if (rate === undefined) {
    rate = parseMonthlyRate(annualRate);
    if (rateCache.size >= 10_000) rateCache.clear();
    rateCache.set(annualRate, rate);
  }
  return rate;
}

/**
 * round half-up (a / b) for integers a ≥ 0, b > 0, exactly: in numbers while a is a safe integer
 * (`%` and the division of a multiple of b are then exact), else in bigints.
 */
function divRoundHalfUp(a: number, b: number): number {
  const rest = a % b;
  const quotient = (a - rest) / b;
  return rest * 2 >= b ? quotient + 1 : quotient;
}

/** Round half-up to the fen of (balance × r), exactly. */
function periodInterestFen(balanceFen: Fen, r: MonthlyRate): Fen {
  if (r.numSafe !== null && r.denSafe !== null) {
    const product = balanceFen * r.numSafe;
    if (product <= Number.MAX_SAFE_INTEGER) return divRoundHalfUp(product, r.denSafe);
  }
  const product = BigInt(balanceFen) * r.num;
  const rest = product % r.den;
  return Number(product / r.den + (rest * 2n >= r.den ? 1n : 0n));
}

interface Discount {
  r: Dec;
  /** (1 + r)^−n */
  discount: Dec;
  oneMinusDiscount: Dec;
}

/** Kept per rate and term: the power is the costly part of A, and a book has few of each. */
const discountCache = new Map<string, Discount>();

function discountFactor(annualRate: string, termMonths: number): Discount {
  const key = `${annualRate}|${termMonths}`;
  let found = discountCache.get(key);
  if (found === undefined) {
    const r = new Dec(annualRate).div(12);
    const discount = r.plus(1).pow(-termMonths);
    found = { r, discount, oneMinusDiscount: new Dec(1).minus(discount) };
    if (discountCache.size >= 10_000) discountCache.clear();
    discountCache.set(key, found);
  }
  return found;
}

/** The level payment A of an annuity (balloon 0) or a balloon loan. */
export function levelPaymentFen(principalFen: Fen, annualRate: string, termMonths: number, balloonFen: Fen = 0): Fen {
  if (monthlyRate(annualRate).num === 0n) return divRoundHalfUp(principalFen - balloonFen, termMonths);
  const { r, discount, oneMinusDiscount } = discountFactor(annualRate, termMonths);
  return roundFen(new Dec(principalFen).minus(new Dec(balloonFen).times(discount)).times(r).div(oneMinusDiscount));
}

/**
 * Due dates by first due date, computed by `monthlyDueDate` once and shared: loans falling due
 * on the same day share their dates, and a date string is checked and built once instead of once
 * per installment (which was the larger part of building a schedule).
 */
const dueDateCache = new Map<BusinessDate, BusinessDate[]>();

function dueDates(firstDueDate: BusinessDate, termMonths: number): readonly BusinessDate[] {
  let dates = dueDateCache.get(firstDueDate);
  if (dates === undefined || dates.length < termMonths) {
    dates = Array.from({ length: termMonths }, (_, k) => monthlyDueDate(firstDueDate, k));
    if (dueDateCache.size >= 10_000) dueDateCache.clear();
    dueDateCache.set(firstDueDate, dates);
  }
  return dates;
}

export function buildSchedule(terms: ScheduleTerms): Schedule {
  const r = validate(terms);
  const { principalFen, termMonths, method, firstDueDate } = terms;
  const level =
    method === 'annuity' ? levelPaymentFen(principalFen, terms.annualRate, termMonths) : method === 'balloon' ? levelPaymentFen(principalFen, terms.annualRate, termMonths, terms.balloonFen) : 0;
  const equalPrincipal = divRoundHalfUp(principalFen, termMonths);
  const dates = dueDates(firstDueDate, termMonths);

  const installments: Installment[] = [];
  let balance = principalFen;
  let totalInterestFen = 0;
  for (let seq = 1; seq <= termMonths; seq++) {
    const interestFen = periodInterestFen(balance, r);
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
    installments.push({ seq, dueDate: dates[seq - 1] ?? monthlyDueDate(firstDueDate, seq - 1), principalFen: principal, interestFen, paymentFen: principal + interestFen, balanceAfterFen: balance });
  }
  return { installments, totalInterestFen };
}

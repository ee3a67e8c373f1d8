import type { BusinessDate } from '../business-date.js';
import { monthlyDueDate } from '../due-dates.js';
import { Dec, type Fen, roundFen } from '../money.js';
import { levelPaymentFen, MAX_TERM_MONTHS, type RepaymentMethod } from '../schedule.js';

/**
 * Restructuring options (展期, 减息, payment holiday, re-amortisation, capitalising arrears,
 * 罚息减免) as one pure function over a loan's position on the day of the change, so options can
 * be combined (a six-month extension with the arrears capitalised and the 罚息 waived is one
 * request) and every preview is a dry run of the same code that approval runs.
 *
 * The new part of the schedule follows the loan book's convention (src/domain/schedule.ts):
 * interest per period = round half-up of balance × annual rate / 12; annuity payments recomputed
 * for the remaining balance and periods whenever the terms change (start, end of a holiday, start
 * or end of a reduced rate); the last installment takes whatever balance is left, so principal
 * parts sum exactly to what is being amortised.
 */
export interface LoanPosition {
  effectiveOn: BusinessDate;
  annualRate: string;
  method: RepaymentMethod;
  balloonFen?: Fen;
  /** the first original due date after the change: the new installments keep its day of month */
  nextDueDate: BusinessDate;
  /** original installments not yet due */
  remainingInstallments: number;
  /** principal not yet due and unpaid */
  remainingPrincipalFen: Fen;
  /** interest the original schedule still charges after the change date */
  remainingInterestFen: Fen;
  /** due and unpaid on the change date */
  arrears: { principalFen: Fen; interestFen: Fen; penaltyFen: Fen };
  /** the original last due date */
  maturity: BusinessDate;
}

export interface RestructureTerms {
  /** 展期: add months to the remaining term */
  extensionMonths?: number;
  /** re-amortise over this many months from the next due date instead of the remaining term */
  newTermMonths?: number;
  /** 减息: a lower annual rate for `periods` installments from the first new one, or for good (null) */
  rateReduction?: { annualRate: string; periods: number | null };
  /** payment holiday: the first `months` new installments pay no principal; with `capitalise`, no interest either (it is added to the balance) */
  holiday?: { months: number; capitalise: boolean };
  /** move overdue principal and interest into the balance being re-amortised */
  capitaliseArrears?: boolean;
  /** 罚息减免: waive this much of the 罚息 owed, or all of it */
  waivePenalty?: { fen: Fen } | 'all';
}

export interface NewInstallment {
  /** 1 = the first installment after the change */
  n: number;
  dueDate: BusinessDate;
  principalFen: Fen;
  interestFen: Fen;
  paymentFen: Fen;
  balanceAfterFen: Fen;
  holiday: boolean;
  annualRate: string;
}

export interface Restructured {
  /** the installments after the change; empty when only 罚息 is waived (the schedule stays) */
  installments: NewInstallment[];
  capitalised: { principalFen: Fen; interestFen: Fen; holidayInterestFen: Fen };
  waivedPenaltyFen: Fen;
  comparison: {
    oldMaturity: BusinessDate;
    newMaturity: BusinessDate;
    /** interest still to be charged: original schedule vs new one (capitalised interest counts once, as the interest it was) */
    oldInterestFen: Fen;
    newInterestFen: Fen;
    interestDifferenceFen: Fen;
    /** everything the borrower owes from the change date on, before and after */
    oldTotalOwedFen: Fen;
    newTotalOwedFen: Fen;
    /** the first regular payment after any holiday */
    newRegularPaymentFen: Fen;
  };
}

export class InvalidRestructure extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function check(p: LoanPosition, t: RestructureTerms): void {
  const whole = (v: number | undefined, field: string, min: number, max: number) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new InvalidRestructure(field, `must be a whole number from ${min} to ${max}`);
  };
  whole(t.extensionMonths, 'extensionMonths', 1, 120);
  whole(t.newTermMonths, 'newTermMonths', 1, MAX_TERM_MONTHS);
  whole(t.holiday?.months, 'holiday.months', 1, 24);
  if (t.extensionMonths !== undefined && t.newTermMonths !== undefined) throw new InvalidRestructure('newTermMonths', 'give either an extension or a new term, not both');
  if (t.rateReduction) {
    const r = new Dec(t.rateReduction.annualRate);
    if (!r.isFinite() || r.isNegative() || r.gte(p.annualRate)) throw new InvalidRestructure('rateReduction.annualRate', `must be at least 0 and below the current rate ${p.annualRate}`);
    whole(t.rateReduction.periods ?? undefined, 'rateReduction.periods', 1, MAX_TERM_MONTHS);
  }
  if (t.waivePenalty && t.waivePenalty !== 'all' && (!Number.isSafeInteger(t.waivePenalty.fen) || t.waivePenalty.fen <= 0 || t.waivePenalty.fen > p.arrears.penaltyFen)) {
    throw new InvalidRestructure('waivePenalty.fen', `must be above 0 and at most the 罚息 owed (${p.arrears.penaltyFen} fen)`);
  }
  if (p.remainingInstallments < 1 && t.newTermMonths === undefined && t.extensionMonths === undefined) throw new InvalidRestructure('newTermMonths', 'nothing is left to reschedule: give a new term');
}

const monthlyRate = (annual: string) => new Dec(annual).div(12);

/** True when the terms change the schedule; a waiver alone changes only what is owed. */
export function changesSchedule(t: RestructureTerms): boolean {
  return t.extensionMonths !== undefined || t.newTermMonths !== undefined || t.rateReduction !== undefined || t.holiday !== undefined || t.capitaliseArrears === true;
}

export function restructure(p: LoanPosition, t: RestructureTerms): Restructured {
  check(p, t);
  if (!changesSchedule(t)) {
    if (t.waivePenalty === undefined) throw new InvalidRestructure('terms', 'choose at least one option');
    return waiverOnly(p, t.waivePenalty === 'all' ? p.arrears.penaltyFen : t.waivePenalty.fen);
  }
  const holidayMonths = t.holiday?.months ?? 0;
  const baseTerm = t.newTermMonths ?? p.remainingInstallments + (t.extensionMonths ?? 0);
  const periods = baseTerm + holidayMonths;
  const capPrincipal = t.capitaliseArrears ? p.arrears.principalFen : 0;
  const capInterest = t.capitaliseArrears ? p.arrears.interestFen : 0;
  let balance = p.remainingPrincipalFen + capPrincipal + capInterest;
  const reducedUntil = t.rateReduction ? (t.rateReduction.periods === null ? Number.POSITIVE_INFINITY : t.rateReduction.periods) : 0;
  const rateOf = (n: number) => (t.rateReduction && n <= reducedUntil ? t.rateReduction.annualRate : p.annualRate);
  const balloon = p.method === 'balloon' ? (p.balloonFen ?? 0) : 0;

  const out: NewInstallment[] = [];
  let level = 0;
  let equalPrincipal = 0;
  let holidayInterest = 0;
  for (let n = 1; n <= periods; n++) {
    const annualRate = rateOf(n);
    const onHoliday = n <= holidayMonths;
    const remaining = periods - n + 1;
    // the payment is recomputed whenever the terms change, as a bank's system would on the day
    const regimeStarts = n === 1 || n === holidayMonths + 1 || annualRate !== rateOf(n - 1);
    if (regimeStarts && !onHoliday) {
      level = p.method === 'annuity' || p.method === 'balloon' ? levelPaymentFen(balance, annualRate, remaining, balloon < balance ? balloon : 0) : 0;
      equalPrincipal = roundFen(new Dec(balance).div(remaining));
    }
    const interest = roundFen(monthlyRate(annualRate).times(balance));
    let principal: Fen;
    let interestCharged = interest;
    if (onHoliday) {
      principal = 0;
      if (t.holiday?.capitalise) {
        holidayInterest += interest;
        balance += interest;
        interestCharged = 0;
      }
    } else if (n === periods) principal = balance;
    else if (p.method === 'equal-principal') principal = equalPrincipal;
    else if (p.method === 'interest-only') principal = 0;
    else principal = Math.max(0, level - interest);
    principal = Math.min(principal, balance);
    balance -= principal;
    out.push({ n, dueDate: monthlyDueDate(p.nextDueDate, n - 1), principalFen: principal, interestFen: interestCharged, paymentFen: principal + interestCharged, balanceAfterFen: balance, holiday: onHoliday, annualRate });
  }

  const waived = t.waivePenalty === 'all' ? p.arrears.penaltyFen : (t.waivePenalty?.fen ?? 0);
  // arrears interest is owed either way: as arrears, or inside the capitalised balance
  const newInterest = out.reduce((s, i) => s + i.interestFen, 0) + holidayInterest + p.arrears.interestFen;
  const oldInterest = p.remainingInterestFen + p.arrears.interestFen;
  const arrearsLeft = p.arrears.principalFen - capPrincipal + (p.arrears.interestFen - capInterest);
  const oldTotal = p.remainingPrincipalFen + p.remainingInterestFen + p.arrears.principalFen + p.arrears.interestFen + p.arrears.penaltyFen;
  const newTotal = out.reduce((s, i) => s + i.paymentFen, 0) + arrearsLeft + p.arrears.penaltyFen - waived;
  const regular = out.find((i) => !i.holiday && i.n < periods) ?? out[out.length - 1]!;
  return {
    installments: out,
    capitalised: { principalFen: capPrincipal, interestFen: capInterest, holidayInterestFen: holidayInterest },
    waivedPenaltyFen: waived,
    comparison: {
      oldMaturity: p.maturity,
      newMaturity: out[out.length - 1]!.dueDate,
      oldInterestFen: oldInterest,
      newInterestFen: newInterest,
      interestDifferenceFen: newInterest - oldInterest,
      oldTotalOwedFen: oldTotal,
      newTotalOwedFen: newTotal,
      newRegularPaymentFen: regular.paymentFen,
    },
  };
}

function waiverOnly(p: LoanPosition, waived: Fen): Restructured {
  const oldTotal = p.remainingPrincipalFen + p.remainingInterestFen + p.arrears.principalFen + p.arrears.interestFen + p.arrears.penaltyFen;
  const oldInterest = p.remainingInterestFen + p.arrears.interestFen;
  return {
    installments: [],
    capitalised: { principalFen: 0, interestFen: 0, holidayInterestFen: 0 },
    waivedPenaltyFen: waived,
    comparison: {
      oldMaturity: p.maturity,
      newMaturity: p.maturity,
      oldInterestFen: oldInterest,
      newInterestFen: oldInterest,
      interestDifferenceFen: 0,
      oldTotalOwedFen: oldTotal,
      newTotalOwedFen: oldTotal - waived,
      newRegularPaymentFen: 0,
    },
  };
}

/** Each option on its own, as the request form offers them. */
export const extension = (p: LoanPosition, months: number) => restructure(p, { extensionMonths: months });
export const rateReduction = (p: LoanPosition, annualRate: string, periods: number | null) => restructure(p, { rateReduction: { annualRate, periods } });
export const paymentHoliday = (p: LoanPosition, months: number, capitalise: boolean) => restructure(p, { holiday: { months, capitalise } });
export const reamortise = (p: LoanPosition, termMonths: number) => restructure(p, { newTermMonths: termMonths });
export const capitaliseArrears = (p: LoanPosition) => restructure(p, { capitaliseArrears: true });
export const waivePenalty = (p: LoanPosition, fen: Fen | 'all') => restructure(p, { waivePenalty: fen === 'all' ? 'all' : { fen } });

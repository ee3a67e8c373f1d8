import type { RepaymentTable } from '../../db/schema.js';
import type { Waterfall } from '../../domain/allocation.js';
import { type BusinessDate, daysBetween } from '../../domain/business-date.js';
import { simulateRepayments } from '../../domain/generate/behaviour.js';
import { rngFor } from '../../domain/generate/rng.js';
import { type InstallmentState, type LedgerRepayment, type LedgerState, replayLedger } from '../../domain/loan-ledger.js';
import type { Fen } from '../../domain/money.js';
import type { PenaltyRule } from '../../domain/penalty.js';
import { buildSchedule } from '../../domain/schedule.js';
import { type LoanPlan, planLoan, type ProductCode, type TakenCheck } from './plan.js';

/**
 * The CPU half of generation, with no I/O so that it can run in a worker thread: plan a batch of
 * loans (no two sharing an ID number or VIN), build each schedule, simulate the borrower's
 * repayments with the product's 罚息 rule (so a cure pays its penalty and ends with no arrears),
 * and replay the ledger to `asOf` exactly as `replayLedger` does for a stored loan.
 */
export interface BookInput {
  seed: string;
  asOf: BusinessDate;
  maxTerms: Record<ProductCode, number>;
  products: Record<ProductCode, { penalty: Omit<PenaltyRule, 'annualRate'>; waterfall: Waterfall }>;
  /** Past month ends (before asOf) to give each loan open then a snapshot of, as a close would have. */
  monthEnds?: readonly BusinessDate[] | undefined;
}

/** A loan at a past month end, from its replay: what a month-end close would have snapshotted. */
export interface MonthEndState {
  monthEnd: BusinessDate;
  dpd: number;
  outstandingPrincipalFen: Fen;
}

export interface GeneratedPayment {
  valueDate: BusinessDate;
  amountFen: Fen;
  channel: RepaymentTable['channel'];
}

/** An installment whose replayed state differs from a fresh row's (nothing paid, no 罚息). */
export type InstallmentChange = Pick<InstallmentState, 'seq' | 'principalPaidFen' | 'interestPaidFen' | 'penaltyFen' | 'penaltyExact' | 'penaltyPaidFen' | 'settledOn'>;

export interface SimulatedLoan {
  plan: LoanPlan;
  payments: GeneratedPayment[];
  changes: InstallmentChange[];
  paidOff: boolean;
  /** The loan at each of the input's month ends it was open on (disbursed, not yet paid off). */
  monthEnds: MonthEndState[];
}

/** The same paid-off rule as storeLedgerState: every installment settled and its 罚息 paid. */
export function isPaidOff(state: LedgerState): boolean {
  return state.installments.every((i) => i.settledOn !== null && i.penaltyPaidFen >= i.penaltyFen);
}

export function simulateLoan(input: BookInput, plan: LoanPlan): SimulatedLoan {
  const product = input.products[plan.productCode];
  const { terms } = plan;
  const installments = buildSchedule({
    principalFen: terms.principalFen,
    annualRate: terms.annualRate,
    termMonths: terms.termMonths,
    method: terms.method,
    firstDueDate: terms.firstDueDate,
    balloonFen: terms.method === 'balloon' ? terms.balloonFen : undefined,
  }).installments;
  const penalty: PenaltyRule = { ...product.penalty, annualRate: terms.annualRate };
  const history = simulateRepayments(installments, rngFor(input.seed, 'loan', plan.index).child('repayments'), input.asOf, { penalty });
  // Auto-debits (代扣) collect exactly the installment on its due date; anything else is a transfer.
  const debit = new Map<string, Fen>(installments.map((i) => [i.dueDate, i.paymentFen]));
  const payments = history.payments.map((p): GeneratedPayment => ({ ...p, channel: debit.get(p.valueDate) === p.amountFen ? 'direct_debit' : 'bank_transfer' }));
  // Ids in posting order, as the database numbers them, so same-day payments replay in the same order.
  const repayments: LedgerRepayment[] = payments.map((p, k) => ({ id: String(k + 1), valueDate: p.valueDate, amountFen: p.amountFen }));
  const state = replayLedger({ installments, penalty, waterfall: product.waterfall }, repayments, input.asOf);
  const changes = state.installments
    .filter((i) => i.principalPaidFen !== 0 || i.interestPaidFen !== 0 || i.penaltyFen !== 0 || i.penaltyPaidFen !== 0 || i.settledOn !== null)
    .map(({ seq, principalPaidFen, interestPaidFen, penaltyFen, penaltyExact, penaltyPaidFen, settledOn }) => ({ seq, principalPaidFen, interestPaidFen, penaltyFen, penaltyExact, penaltyPaidFen, settledOn }));
  return { plan, payments, changes, paidOff: isPaidOff(state), monthEnds: monthEndStates(terms.disbursementDate, state, input.monthEnds ?? []) };
}

/**
 * The loan at past month ends, read off the replay to asOf (the events up to a date do not depend
 * on later ones): principal paid by then is what the allocations dated up to it paid; the oldest
 * installment due before the month end and not settled by it gives the DPD (tolerance 0, as a
 * close's default). A loan is open at a month end while any installment is not settled by it.
 */
export function monthEndStates(disbursementDate: BusinessDate, state: LedgerState, monthEnds: readonly BusinessDate[]): MonthEndState[] {
  const principalPaid = [...state.allocations.map((a) => ({ date: a.valueDate, lines: a.lines })), ...state.creditApplications].flatMap((e) =>
    e.lines.filter((l) => l.component === 'principal').map((l) => ({ date: e.date, fen: l.amountFen })),
  );
  const principalFen = state.installments.reduce((sum, i) => sum + i.principalFen, 0);
  return monthEnds
    .filter((m) => m >= disbursementDate && state.installments.some((i) => i.settledOn === null || i.settledOn > m))
    .map((monthEnd) => {
      const oldest = state.installments.find((i) => i.dueDate < monthEnd && (i.settledOn === null || i.settledOn > monthEnd));
      const paidFen = principalPaid.reduce((sum, p) => (p.date <= monthEnd ? sum + p.fen : sum), 0);
      return { monthEnd, dpd: oldest ? daysBetween(oldest.dueDate, monthEnd) : 0, outstandingPrincipalFen: principalFen - paidFen };
    });
}

export const borrowerKey = (kind: string, idNumber: string): string => `${kind}:${idNumber}`;

/**
 * Who holds which ID number and VIN within one batch, and which the database has: a loan re-drawn
 * because of the database must avoid both, and must not trip over its own earlier draws.
 */
export class BatchIdentities {
  readonly blockedBorrowers = new Set<string>();
  readonly blockedVins = new Set<string>();
  private readonly borrowerOwner = new Map<string, number>();
  private readonly vinOwner = new Map<string, number>();

  takenFor(index: number): TakenCheck {
    return {
      borrower: (kind, id) => this.blockedBorrowers.has(borrowerKey(kind, id)) || (this.borrowerOwner.get(borrowerKey(kind, id)) ?? index) !== index,
      vin: (vin) => this.blockedVins.has(vin) || (this.vinOwner.get(vin) ?? index) !== index,
    };
  }

  claim(plan: LoanPlan): void {
    this.borrowerOwner.set(borrowerKey(plan.borrower.kind, plan.borrower.idNumber), plan.index);
    for (const v of plan.vehicles) this.vinOwner.set(v.vin, plan.index);
  }

  release(plan: LoanPlan): void {
    this.borrowerOwner.delete(borrowerKey(plan.borrower.kind, plan.borrower.idNumber));
    for (const v of plan.vehicles) this.vinOwner.delete(v.vin);
  }

  borrowerHolder(kind: string, idNumber: string): number | undefined {
    return this.borrowerOwner.get(borrowerKey(kind, idNumber));
  }

  vinHolder(vin: string): number | undefined {
    return this.vinOwner.get(vin);
  }
}

/** Plans and simulates loans `indexes` (in that order), unique among themselves. */
export function simulateBatch(input: BookInput, indexes: readonly number[]): SimulatedLoan[] {
  const identities = new BatchIdentities();
  return indexes.map((i) => {
    const plan = planLoan(input.seed, i, input.asOf, input.maxTerms, identities.takenFor(i));
    identities.claim(plan);
    return simulateLoan(input, plan);
  });
}

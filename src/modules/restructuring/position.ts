import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { monthlyDueDate } from '../../domain/due-dates.js';
import { type LedgerState, outstanding, replayLedger } from '../../domain/loan-ledger.js';
import type { LoanPosition } from '../../domain/restructuring/options.js';
import type { RepaymentMethod } from '../../domain/schedule.js';
import { type LoadedLedger, loadLedger } from '../loans/ledger.js';

export interface LoadedPosition {
  loan: { id: number; branchId: number; scheduleVersion: number; status: string };
  ledger: LoadedLedger;
  state: LedgerState;
  position: LoanPosition;
  /** Changes when anything that changes a restructuring's result changes: a payment, a reversal, a new schedule. */
  hash: string;
}

/**
 * The loan as the restructuring options see it on the change date, from its ledger replayed to
 * that date (the same replay a payment or close of business runs), never from stored balances.
 */
export async function loadPosition(db: Kysely<DB>, loanId: number, on: BusinessDate): Promise<LoadedPosition> {
  const loan = await db.selectFrom('loan').select(['id', 'branch_id', 'schedule_version', 'status', 'annual_rate', 'method', 'balloon_fen']).where('id', '=', loanId).executeTakeFirst();
  if (!loan) throw new AppError('not-found');
  if (loan.status !== 'active') throw new AppError('conflict', { 'zh-CN': '只有在贷贷款可以重组', 'en-US': 'only an active loan can be restructured' });
  const ledger = await loadLedger(db, loanId);
  const state = replayLedger(ledger.terms, ledger.repayments, on);
  const o = outstanding(state);
  const future = state.installments.filter((i) => i.dueDate > on);
  const last = state.installments[state.installments.length - 1];
  if (!last) throw new AppError('conflict', { 'zh-CN': '贷款没有还款计划', 'en-US': 'the loan has no schedule' });
  let nextDueDate = future[0]?.dueDate;
  // past maturity: the new schedule continues on the old day of month
  for (let k = 1; nextDueDate === undefined; k++) {
    const d = monthlyDueDate(last.dueDate, k);
    if (d > on) nextDueDate = d;
  }
  const position: LoanPosition = {
    effectiveOn: on,
    annualRate: loan.annual_rate,
    method: loan.method as RepaymentMethod,
    balloonFen: loan.balloon_fen,
    nextDueDate,
    remainingInstallments: future.length,
    remainingPrincipalFen: future.reduce((s, i) => s + i.principalFen - i.principalPaidFen, 0),
    remainingInterestFen: future.reduce((s, i) => s + i.interestFen - i.interestPaidFen - i.interestWaivedFen, 0),
    arrears: { principalFen: o.overduePrincipalFen, interestFen: o.overdueInterestFen, penaltyFen: o.penaltyFen },
    maturity: last.dueDate,
  };
  const hash = createHash('sha256').update(JSON.stringify({ position, creditFen: state.creditFen, version: loan.schedule_version })).digest('hex').slice(0, 32);
  return { loan: { id: loan.id, branchId: loan.branch_id, scheduleVersion: loan.schedule_version, status: loan.status }, ledger, state, position, hash };
}

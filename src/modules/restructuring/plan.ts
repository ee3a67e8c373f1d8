import { AppError } from '../../api/problem.js';
import type { BusinessDate } from '../../domain/business-date.js';
import type { LedgerAdjustment } from '../../domain/loan-ledger.js';
import type { RequestSize } from '../../domain/restructuring/authority.js';
import { changesSchedule, InvalidRestructure, type Restructured, type RestructureTerms, restructure } from '../../domain/restructuring/options.js';
import type { Installment } from '../../domain/schedule.js';
import type { LoadedPosition } from './position.js';

export interface Plan {
  result: Restructured;
  /** the whole new schedule version (installments already due kept as they were), or null when only 罚息 is waived */
  installments: Installment[] | null;
  adjustments: Array<LedgerAdjustment & { cause: 'capitalised' | 'waived' }>;
  size: RequestSize;
  /** the first due date under the new terms: the observation period starts there */
  firstNewDueDate: BusinessDate;
}

const monthIndex = (d: BusinessDate) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));

/**
 * What approving the terms would do, from the position on the change date: the new schedule
 * version, the non-cash settlements that keep the ledger replay exact (capitalised arrears leave
 * their installments settled on the change date; the waiver settles 罚息 oldest first), and the
 * request's size for the authority and quota checks. Preview and approval both call this.
 */
export function planRestructuring(p: LoadedPosition, terms: RestructureTerms): Plan {
  let result: Restructured;
  try {
    result = restructure(p.position, terms);
  } catch (error) {
    if (error instanceof InvalidRestructure) throw new AppError('validation', error.message, [{ field: `terms.${error.field}`, message: error.message }]);
    throw error;
  }
  const on = p.position.effectiveOn;
  const due = p.state.installments.filter((i) => i.dueDate <= on);
  const adjustments: Plan['adjustments'] = [];
  if (terms.capitaliseArrears) {
    for (const i of due) {
      const principal = i.principalFen - i.principalPaidFen;
      const interest = i.interestFen - i.interestPaidFen - i.interestWaivedFen;
      if (principal > 0) adjustments.push({ date: on, seq: i.seq, component: 'principal', amountFen: principal, cause: 'capitalised' });
      if (interest > 0) adjustments.push({ date: on, seq: i.seq, component: 'interest', amountFen: interest, cause: 'capitalised' });
    }
  }
  let toWaive = result.waivedPenaltyFen;
  for (const i of due) {
    const owed = i.penaltyFen - i.penaltyPaidFen;
    const take = Math.min(owed, toWaive);
    if (take > 0) adjustments.push({ date: on, seq: i.seq, component: 'penalty', amountFen: take, cause: 'waived' });
    toWaive -= take;
  }
  const capitalisedFen = adjustments.filter((a) => a.cause === 'capitalised').reduce((s, a) => s + a.amountFen, 0);
  if (toWaive !== 0 || capitalisedFen !== result.capitalised.principalFen + result.capitalised.interestFen) {
    throw new Error(`loan ${p.loan.id}: settlements do not match the restructuring (waiver left ${toWaive}, capitalised ${capitalisedFen})`);
  }

  let installments: Installment[] | null = null;
  if (changesSchedule(terms)) {
    const kept = p.ledger.terms.installments.filter((i) => i.dueDate <= on);
    const topSeq = kept.reduce((m, i) => Math.max(m, i.seq), 0);
    installments = [
      ...kept,
      ...result.installments.map((n) => ({ seq: topSeq + n.n, dueDate: n.dueDate, principalFen: n.principalFen, interestFen: n.interestFen, paymentFen: n.paymentFen, balanceAfterFen: n.balanceAfterFen })),
    ];
  }
  const firstNewDueDate = result.installments[0]?.dueDate ?? p.position.nextDueDate;
  const size: RequestSize = {
    waivedFen: result.waivedPenaltyFen + Math.max(0, -result.comparison.interestDifferenceFen),
    extraMonths: Math.max(0, monthIndex(result.comparison.newMaturity) - monthIndex(result.comparison.oldMaturity)),
  };
  return { result, installments, adjustments, size, firstNewDueDate };
}

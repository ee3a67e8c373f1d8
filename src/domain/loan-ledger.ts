import { allocate, type AllocationLine, type Component, type Waterfall } from './allocation.js';
import { type BusinessDate, daysBetween } from './business-date.js';
import { Dec, type Fen, roundFen } from './money.js';
import { penaltyExactFen, type PenaltyRule } from './penalty.js';
import type { Installment } from './schedule.js';

/**
 * A loan's state is replayed from its schedule and its repayments, never patched in place: a
 * back-dated payment or a reversal simply changes the input, and the replay recomputes every
 * allocation and every day of 罚息 since. Events run in date order; on one date the installment
 * falls due first, then that day's payments (a payment on the due date is on time).
 *
 * - 罚息 accrues on each installment's unpaid principal (plus unpaid interest when the product
 *   compounds) for every day after its due date, kept exact and rounded to the fen when paid or
 *   reported, so a 30-day delay costs exactly the vector's 22.8164 → 22.82.
 * - A payment pays what is due by the waterfall; anything over is held as a credit (挂账) and
 *   applied when the next installments fall due — unless it covers all principal not yet due, in
 *   which case the loan is paid off that day and the interest of the periods not yet due is waived.
 */
export interface LedgerRepayment {
  id: string;
  valueDate: BusinessDate;
  amountFen: Fen;
}

/**
 * A settlement that moves no money: a restructuring's capitalised arrears (now owed inside the new
 * installments) or a 罚息 waiver. On its date, after that day's payments, it settles the named part
 * of one installment as a payment would (capped at what is still owed), so a replay stays exact.
 */
export interface LedgerAdjustment {
  date: BusinessDate;
  seq: number;
  component: Component;
  amountFen: Fen;
}

export interface LedgerTerms {
  installments: readonly Installment[];
  penalty: PenaltyRule;
  waterfall: Waterfall;
  adjustments?: readonly LedgerAdjustment[];
}

export interface InstallmentState {
  seq: number;
  dueDate: BusinessDate;
  principalFen: Fen;
  interestFen: Fen;
  principalPaidFen: Fen;
  interestPaidFen: Fen;
  penaltyFen: Fen;
  /** The penalty before rounding, as a decimal string: a close of business adds each day to it. */
  penaltyExact: string;
  penaltyPaidFen: Fen;
  /** Interest of a period not yet due when the loan was paid off early: not charged. */
  interestWaivedFen: Fen;
  /** The value date on which principal and interest became fully paid, or null. */
  settledOn: BusinessDate | null;
  state: 'paid' | 'partly-paid' | 'overdue' | 'due' | 'future';
}

export interface RepaymentAllocation {
  repaymentId: string;
  valueDate: BusinessDate;
  amountFen: Fen;
  lines: AllocationLine[];
  /** Held as credit at the time of the payment (later consumed by installments falling due). */
  toCreditFen: Fen;
}

export interface LedgerState {
  asOf: BusinessDate;
  installments: InstallmentState[];
  allocations: RepaymentAllocation[];
  creditFen: Fen;
  /** Applications of held credit when installments fell due. */
  creditApplications: Array<{ date: BusinessDate; lines: AllocationLine[] }>;
}

interface Working {
  inst: Installment;
  principalPaid: Fen;
  interestPaid: Fen;
  penaltyExact: Dec;
  penaltyPaid: Fen;
  interestWaived: Fen;
  settledOn: BusinessDate | null;
}

function accrue(work: Working[], from: BusinessDate | null, to: BusinessDate, rule: PenaltyRule): void {
  for (const w of work) {
    const start = from === null || from < w.inst.dueDate ? w.inst.dueDate : from;
    const days = daysBetween(start, to);
    if (days <= 0) continue;
    const base = w.inst.principalFen - w.principalPaid + (rule.compoundOnInterest ? w.inst.interestFen - w.interestPaid : 0);
    if (base > 0) w.penaltyExact = w.penaltyExact.plus(penaltyExactFen(base, days, rule));
  }
}

function owedOn(work: Working[], date: BusinessDate): Array<{ seq: number; component: Component; amountFen: Fen }> {
  return work
    .filter((w) => w.inst.dueDate <= date)
    .flatMap((w) => [
      { seq: w.inst.seq, component: 'penalty' as const, amountFen: roundFen(w.penaltyExact) - w.penaltyPaid },
      { seq: w.inst.seq, component: 'interest' as const, amountFen: w.inst.interestFen - w.interestPaid - w.interestWaived },
      { seq: w.inst.seq, component: 'principal' as const, amountFen: w.inst.principalFen - w.principalPaid },
    ]);
}

function apply(work: Working[], lines: AllocationLine[], date: BusinessDate): void {
  for (const line of lines) {
    const w = work.find((x) => x.inst.seq === line.seq);
    if (!w) continue;
    if (line.component === 'penalty') w.penaltyPaid += line.amountFen;
    else if (line.component === 'interest') w.interestPaid += line.amountFen;
    else w.principalPaid += line.amountFen;
    if (w.settledOn === null && w.principalPaid === w.inst.principalFen && w.interestPaid + w.interestWaived === w.inst.interestFen) w.settledOn = date;
  }
}

/**
 * Early payoff: credit enough for every fen of principal not yet due plus the current period's
 * interest (提前结清 charges the period under way) closes the loan that day; the interest of the
 * periods after it is waived.
 */
function payoffNeedFen(work: Working[], date: BusinessDate): { future: Working[]; needFen: Fen } {
  const future = work.filter((w) => w.inst.dueDate > date);
  const principalLeft = future.reduce((s, w) => s + w.inst.principalFen - w.principalPaid, 0);
  const current = future[0];
  const currentInterest = current ? current.inst.interestFen - current.interestPaid - current.interestWaived : 0;
  return { future, needFen: principalLeft > 0 ? principalLeft + currentInterest : 0 };
}

function payOffIfCovered(work: Working[], creditFen: Fen, date: BusinessDate): AllocationLine[] {
  const { future, needFen } = payoffNeedFen(work, date);
  const arrears = owedOn(work, date).reduce((s, o) => s + o.amountFen, 0);
  if (needFen <= 0 || arrears > 0 || creditFen < needFen) return [];
  const [current, ...later] = future;
  const lines: AllocationLine[] = [];
  if (current && current.inst.interestFen > current.interestPaid) {
    lines.push({ seq: current.inst.seq, component: 'interest', amountFen: current.inst.interestFen - current.interestPaid });
  }
  for (const w of future) {
    if (w.inst.principalFen > w.principalPaid) lines.push({ seq: w.inst.seq, component: 'principal', amountFen: w.inst.principalFen - w.principalPaid });
  }
  for (const w of later) w.interestWaived = w.inst.interestFen - w.interestPaid;
  apply(work, lines, date);
  return lines;
}

/** Splits allocation lines so the first part sums to `amountFen`. */
function splitLines(lines: AllocationLine[], amountFen: Fen): [AllocationLine[], AllocationLine[]] {
  const first: AllocationLine[] = [];
  const rest: AllocationLine[] = [];
  let left = amountFen;
  for (const line of lines) {
    const take = Math.min(left, line.amountFen);
    if (take > 0) first.push({ ...line, amountFen: take });
    if (line.amountFen > take) rest.push({ ...line, amountFen: line.amountFen - take });
    left -= take;
  }
  return [first, rest];
}

export function replayLedger(terms: LedgerTerms, repayments: readonly LedgerRepayment[], asOf: BusinessDate): LedgerState {
  const work: Working[] = terms.installments.map((inst) => ({ inst, principalPaid: 0, interestPaid: 0, penaltyExact: new Dec(0), penaltyPaid: 0, interestWaived: 0, settledOn: null }));
  type Event = { date: BusinessDate; kind: 0 | 1 | 2; repayment?: LedgerRepayment; adjustment?: LedgerAdjustment };
  const events: Event[] = [
    ...terms.installments.filter((i) => i.dueDate <= asOf).map((i): Event => ({ date: i.dueDate, kind: 0 })),
    ...repayments.filter((r) => r.valueDate <= asOf).map((r): Event => ({ date: r.valueDate, kind: 1, repayment: r })),
    ...(terms.adjustments ?? []).filter((a) => a.date <= asOf).map((a): Event => ({ date: a.date, kind: 2, adjustment: a })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind - b.kind || (a.repayment?.id ?? '').localeCompare(b.repayment?.id ?? '', 'en', { numeric: true })));

  let cursor: BusinessDate | null = null;
  let credit = 0;
  const allocations: RepaymentAllocation[] = [];
  const creditApplications: LedgerState['creditApplications'] = [];
  for (const event of events) {
    accrue(work, cursor, event.date, terms.penalty);
    cursor = event.date;
    if (event.adjustment) {
      const a = event.adjustment;
      const owed = owedOn(work, event.date).find((o) => o.seq === a.seq && o.component === a.component)?.amountFen ?? 0;
      if (Math.min(owed, a.amountFen) > 0) apply(work, [{ seq: a.seq, component: a.component, amountFen: Math.min(owed, a.amountFen) }], event.date);
    } else if (event.repayment) {
      const { lines, leftoverFen } = allocate(event.repayment.amountFen, owedOn(work, event.date), terms.waterfall);
      apply(work, lines, event.date);
      const payoff = payOffIfCovered(work, credit + leftoverFen, event.date);
      const payoffFen = payoff.reduce((s, l) => s + l.amountFen, 0);
      // Credit held from earlier payments is spent on the payoff first, then this payment's leftover.
      const fromOldCredit = Math.min(credit, payoffFen);
      const [oldCreditLines, paymentLines] = splitLines(payoff, fromOldCredit);
      if (oldCreditLines.length > 0) creditApplications.push({ date: event.date, lines: oldCreditLines });
      const toCreditFen = leftoverFen - (payoffFen - fromOldCredit);
      credit = credit - fromOldCredit + toCreditFen;
      allocations.push({ repaymentId: event.repayment.id, valueDate: event.date, amountFen: event.repayment.amountFen, lines: [...lines, ...paymentLines], toCreditFen });
    } else if (credit > 0) {
      const { lines, leftoverFen } = allocate(credit, owedOn(work, event.date), terms.waterfall);
      apply(work, lines, event.date);
      credit = leftoverFen;
      if (lines.length > 0) creditApplications.push({ date: event.date, lines });
    }
  }
  accrue(work, cursor, asOf, terms.penalty);

  return {
    asOf,
    allocations,
    creditFen: credit,
    creditApplications,
    installments: work.map((w) => {
      const penaltyFen = roundFen(w.penaltyExact);
      const paidAll = w.settledOn !== null && w.penaltyPaid >= penaltyFen;
      const anyPaid = w.principalPaid + w.interestPaid + w.penaltyPaid > 0;
      const state: InstallmentState['state'] = paidAll
        ? 'paid'
        : w.inst.dueDate > asOf
          ? anyPaid ? 'partly-paid' : 'future'
          : w.inst.dueDate === asOf
            ? anyPaid ? 'partly-paid' : 'due'
            : 'overdue';
      return {
        seq: w.inst.seq,
        dueDate: w.inst.dueDate,
        principalFen: w.inst.principalFen,
        interestFen: w.inst.interestFen,
        principalPaidFen: w.principalPaid,
        interestPaidFen: w.interestPaid,
        penaltyFen,
        penaltyExact: w.penaltyExact.toFixed(),
        penaltyPaidFen: w.penaltyPaid,
        interestWaivedFen: w.interestWaived,
        settledOn: w.settledOn,
        state,
      };
    }),
  };
}

export interface Outstanding {
  overduePrincipalFen: Fen;
  overdueInterestFen: Fen;
  penaltyFen: Fen;
  principalFen: Fen;
}

/** What is owed as of the ledger's date: arrears, and all principal still unpaid. */
export function outstanding(state: LedgerState): Outstanding {
  const due = state.installments.filter((i) => i.dueDate <= state.asOf);
  return {
    overduePrincipalFen: due.reduce((s, i) => s + i.principalFen - i.principalPaidFen, 0),
    overdueInterestFen: due.reduce((s, i) => s + i.interestFen - i.interestPaidFen - i.interestWaivedFen, 0),
    penaltyFen: state.installments.reduce((s, i) => s + i.penaltyFen - i.penaltyPaidFen, 0),
    principalFen: state.installments.reduce((s, i) => s + i.principalFen - i.principalPaidFen, 0),
  };
}

/**
 * Paying the loan off on a date: the arrears (principal, interest and 罚息 to that date), all
 * principal not yet due and the interest of the period under way, less any credit held. Interest
 * of the periods after it is not charged.
 */
export function payoffQuote(terms: LedgerTerms, repayments: readonly LedgerRepayment[], on: BusinessDate) {
  const state = replayLedger(terms, repayments, on);
  const o = outstanding(state);
  const current = state.installments.find((i) => i.dueDate > on);
  const currentInterestFen = current ? current.interestFen - current.interestPaidFen - current.interestWaivedFen : 0;
  const interestFen = o.overdueInterestFen + (o.principalFen > 0 ? currentInterestFen : 0);
  const totalFen = Math.max(0, o.principalFen + interestFen + o.penaltyFen - state.creditFen);
  return { on, principalFen: o.principalFen, interestFen, penaltyFen: o.penaltyFen, creditFen: state.creditFen, totalFen };
}

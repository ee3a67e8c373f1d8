import { addDays, type BusinessDate } from '../business-date.js';

/**
 * A promise to pay (承诺还款): amounts on dates, one or several, made on a date. Close of
 * business asks, each day, which instalments are kept, broken or still open. Payments count from
 * the day the promise was made; they fill the instalments in order, so an early or larger payment
 * keeps later instalments too. A shortfall up to `toleranceFen` still counts as kept (head office
 * sets it: some lenders forgive a few yuan of rounding, most use 0).
 */
export interface PromiseToPay {
  madeOn: BusinessDate;
  instalments: readonly { dueDate: BusinessDate; amountFen: number }[];
  /** days after an instalment's date by which the money may still arrive */
  graceDays: number;
  toleranceFen: number;
}

export type InstalmentState = 'kept' | 'broken' | 'open';
export type PromiseOutcome = 'active' | 'kept' | 'broken';

export interface PromiseCheck {
  state: PromiseOutcome;
  instalments: { dueDate: BusinessDate; amountFen: number; paidFen: number; state: InstalmentState }[];
  /** the first instalment that was broken, for the case's next step and its explanation */
  brokenOn: BusinessDate | null;
}

export class InvalidPromise extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export function validatePromise(p: PromiseToPay): void {
  if (p.instalments.length === 0) throw new InvalidPromise('instalments', 'a promise needs at least one amount and date');
  let previous = p.madeOn;
  p.instalments.forEach((x, i) => {
    if (!Number.isSafeInteger(x.amountFen) || x.amountFen <= 0) throw new InvalidPromise(`instalments.${i}.amountFen`, 'each promised amount must be above 0');
    if (x.dueDate < previous || (i > 0 && x.dueDate === previous)) throw new InvalidPromise(`instalments.${i}.dueDate`, 'dates must be on or after the day of the promise and each later than the one before');
    previous = x.dueDate;
  });
  if (!Number.isInteger(p.graceDays) || p.graceDays < 0 || p.graceDays > 30) throw new InvalidPromise('graceDays', 'grace must be 0 to 30 days');
  if (!Number.isSafeInteger(p.toleranceFen) || p.toleranceFen < 0) throw new InvalidPromise('toleranceFen', 'tolerance must be 0 or more');
}

/** Payments are (value date, amount) net of reversals; only those on or after `madeOn` count. */
export function checkPromise(p: PromiseToPay, payments: readonly { valueDate: BusinessDate; amountFen: number }[], asOf: BusinessDate): PromiseCheck {
  validatePromise(p);
  const counted = payments.filter((x) => x.valueDate >= p.madeOn && x.valueDate <= asOf);
  let promisedSoFar = 0;
  let brokenOn: BusinessDate | null = null;
  const instalments = p.instalments.map((x) => {
    promisedSoFar += x.amountFen;
    const deadline = addDays(x.dueDate, p.graceDays);
    // what had arrived by the deadline (or by today, if the deadline is still ahead)
    const by = deadline < asOf ? deadline : asOf;
    const paidByThen = counted.filter((y) => y.valueDate <= by).reduce((s, y) => s + y.amountFen, 0);
    const covered = paidByThen + p.toleranceFen >= promisedSoFar;
    const state: InstalmentState = covered ? 'kept' : deadline < asOf ? 'broken' : 'open';
    if (state === 'broken' && brokenOn === null) brokenOn = x.dueDate;
    const paidFen = Math.max(0, Math.min(x.amountFen, paidByThen - (promisedSoFar - x.amountFen)));
    return { dueDate: x.dueDate, amountFen: x.amountFen, paidFen, state };
  });
  const state: PromiseOutcome = brokenOn !== null ? 'broken' : instalments.every((x) => x.state === 'kept') ? 'kept' : 'active';
  return { state, instalments, brokenOn };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, DEFAULT_WATERFALL } from './allocation.js';
import { addDays, parseBusinessDate } from './business-date.js';
import { type LedgerRepayment, type LedgerTerms, outstanding, payoffQuote, replayLedger } from './loan-ledger.js';
import { buildSchedule } from './schedule.js';

const d = parseBusinessDate;
const schedule = buildSchedule({ principalFen: 10_000_000, annualRate: '0.06', termMonths: 36, method: 'annuity', firstDueDate: d('2026-01-31') });
const terms: LedgerTerms = {
  installments: schedule.installments,
  // PBOC 银发〔2003〕251号: unpaid interest bears 复利 at the penalty rate, so a missed installment
  // of 3,042.19 (principal and interest) costs 3,042.19 × 9 % / 360 a day.
  penalty: { annualRate: '0.06', markup: '0.5', dayCount: 'ACT/360', compoundOnInterest: true },
  waterfall: DEFAULT_WATERFALL,
};
const pay = (id: string, valueDate: string, amountFen: number): LedgerRepayment => ({ id, valueDate: d(valueDate), amountFen });

describe('replaying a loan from its repayments', () => {
  it('settles installments paid on their due dates, with no 罚息', () => {
    const repayments = schedule.installments.slice(0, 3).map((i) => pay(`p${i.seq}`, i.dueDate, i.paymentFen));
    const state = replayLedger(terms, repayments, d('2026-04-15'));
    expect(state.installments.slice(0, 3).map((i) => [i.state, i.settledOn, i.penaltyFen])).toEqual([
      ['paid', '2026-01-31', 0],
      ['paid', '2026-02-28', 0],
      ['paid', '2026-03-31', 0],
    ]);
    expect(state.installments[3]?.state).toBe('future');
    expect(outstanding(state).overduePrincipalFen).toBe(0);
  });

  it('charges 罚息 for the days late: 3,042.19 late 30 days → 22.82, paid first', () => {
    const state = replayLedger(terms, [pay('late', '2026-03-02', 304219 + 2282)], d('2026-03-02'));
    const [first, second] = state.installments;
    expect(first).toMatchObject({ penaltyFen: 2282, penaltyPaidFen: 2282, interestPaidFen: 50000, principalPaidFen: 254219, state: 'paid', settledOn: '2026-03-02' });
    // the second installment (due 02-28) is 2 days overdue: 3,042.19 × 9 % / 360 × 2 = 1.52
    expect(second).toMatchObject({ state: 'overdue', penaltyFen: 152, principalPaidFen: 0 });
    expect(state.allocations[0]?.lines).toEqual([
      { seq: 1, component: 'penalty', amountFen: 2282 },
      { seq: 1, component: 'interest', amountFen: 50000 },
      { seq: 1, component: 'principal', amountFen: 254219 },
    ]);
  });

  it('holds an overpayment as credit and applies it when the next installment falls due', () => {
    const state = replayLedger(terms, [pay('big', '2026-01-31', 304219 + 100000)], d('2026-02-28'));
    expect(state.allocations[0]?.toCreditFen).toBe(100000);
    expect(state.creditApplications).toEqual([
      { date: '2026-02-28', lines: [{ seq: 2, component: 'interest', amountFen: 48729 }, { seq: 2, component: 'principal', amountFen: 51271 }] },
    ]);
    expect(state.creditFen).toBe(0);
    expect(state.installments[1]?.state).toBe('partly-paid'); // due today, not yet overdue
    expect(state.installments[1]?.principalPaidFen).toBe(51271);
  });

  it('recomputes 罚息 when a payment is back-dated', () => {
    const late = replayLedger(terms, [pay('a', '2026-03-02', 306501)], d('2026-03-02'));
    const backDated = replayLedger(terms, [pay('a', '2026-02-10', 306501)], d('2026-03-02'));
    expect(late.installments[0]?.penaltyFen).toBe(2282);
    expect(backDated.installments[0]?.penaltyFen).toBe(761); // 10 days: 304219 × 0.09/360 × 10 = 760.55
    expect(backDated.installments[0]?.state).toBe('paid');
    // 306501 − 761 − 304219 = 1521 held, then applied to the second installment's interest on 02-28
    expect(backDated.allocations[0]?.toCreditFen).toBe(1521);
    expect(backDated.installments[1]?.interestPaidFen).toBe(1521);
    expect(backDated.creditFen).toBe(0);
  });

  it('pays component by component across installments when the product says component-first', () => {
    const state = replayLedger({ ...terms, waterfall: { order: ['interest', 'penalty', 'principal'], mode: 'component-first' } }, [pay('x', '2026-03-02', 100000)], d('2026-03-02'));
    expect(state.allocations[0]?.lines.slice(0, 2)).toEqual([
      { seq: 1, component: 'interest', amountFen: 50000 },
      { seq: 2, component: 'interest', amountFen: 48729 },
    ]);
  });

  it('quotes a payoff: all principal, arrears of interest, 罚息 to the date, less credit', () => {
    const quote = payoffQuote(terms, [], d('2026-03-02'));
    // arrears of interest of installments 1 and 2, plus the interest of the period under way (3)
    expect(quote).toEqual({ on: '2026-03-02', principalFen: 10_000_000, interestFen: 50000 + 48729 + 47451, penaltyFen: 2282 + 152, creditFen: 0, totalFen: 10_000_000 + 146180 + 2434 });
    const paidOff = replayLedger(terms, [pay('off', '2026-03-02', quote.totalFen)], d('2026-03-02'));
    expect(outstanding(paidOff)).toEqual({ overduePrincipalFen: 0, overdueInterestFen: 0, penaltyFen: 0, principalFen: 0 });
    expect(paidOff.installments.every((i) => i.state === 'paid' && i.settledOn === '2026-03-02')).toBe(true);
    expect(paidOff.installments[2]).toMatchObject({ interestPaidFen: 47451, interestWaivedFen: 0 });
    expect(paidOff.installments[3]).toMatchObject({ interestPaidFen: 0, interestWaivedFen: schedule.installments[3]?.interestFen });
    expect(paidOff.creditFen).toBe(0);
    expect(paidOff.allocations[0]?.toCreditFen).toBe(0);
  });
});

it('treats the last installment paid a few days early as that installment, not a waiver', () => {
  const short = buildSchedule({ principalFen: 300_000, annualRate: '0.08', termMonths: 3, method: 'annuity', firstDueDate: d('2026-01-31') });
  const t = { ...terms, installments: short.installments };
  const payments = short.installments.map((i, k) => pay(`p${k}`, k === 2 ? addDays(i.dueDate, -2) : i.dueDate, i.paymentFen));
  const state = replayLedger(t, payments, d('2026-04-30'));
  expect(outstanding(state)).toEqual({ overduePrincipalFen: 0, overdueInterestFen: 0, penaltyFen: 0, principalFen: 0 });
  expect(state.installments.every((i) => i.state === 'paid' && i.interestWaivedFen === 0)).toBe(true);
  expect(state.creditFen).toBe(0);
});

describe('ledger properties', () => {
  const repayments = fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 400 }), amountFen: fc.integer({ min: 1, max: 1_000_000 }) }),
    { maxLength: 15 },
  );

  it('conserves money: every fen paid is allocated or held, and nothing is overpaid', () => {
    fc.assert(
      fc.property(repayments, fc.constantFrom('installment-first' as const, 'component-first' as const), (raw, mode) => {
        const list = raw.map((r, i) => pay(`r${i}`, addDays(d('2026-01-01'), r.day), r.amountFen));
        const state = replayLedger({ ...terms, waterfall: { ...DEFAULT_WATERFALL, mode } }, list, d('2027-03-01'));
        const allocated = state.allocations.reduce((s, a) => s + a.lines.reduce((x, l) => x + l.amountFen, 0), 0);
        const fromCredit = state.creditApplications.reduce((s, a) => s + a.lines.reduce((x, l) => x + l.amountFen, 0), 0);
        const paid = list.reduce((s, r) => s + r.amountFen, 0);
        expect(allocated + fromCredit + state.creditFen).toBe(paid);
        for (const a of state.allocations) expect(a.lines.reduce((x, l) => x + l.amountFen, 0) + a.toCreditFen).toBe(a.amountFen);
        const o = outstanding(state);
        expect(Math.min(o.overdueInterestFen, o.overduePrincipalFen, o.penaltyFen, o.principalFen)).toBeGreaterThanOrEqual(0);
        for (const i of state.installments) {
          expect(i.interestPaidFen + i.interestWaivedFen).toBeLessThanOrEqual(i.interestFen);
          expect(i.principalPaidFen).toBeLessThanOrEqual(i.principalFen);
          expect(i.interestPaidFen).toBeLessThanOrEqual(i.interestFen);
          expect(i.penaltyPaidFen).toBeLessThanOrEqual(i.penaltyFen);
          expect(i.principalPaidFen).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is the same whatever order the repayments arrive in', () => {
    fc.assert(
      fc.property(repayments, (raw) => {
        const list = raw.map((r, i) => pay(`r${i}`, addDays(d('2026-01-01'), r.day), r.amountFen));
        const a = replayLedger(terms, list, d('2027-01-01'));
        const b = replayLedger(terms, [...list].reverse(), d('2027-01-01'));
        expect(b.installments).toEqual(a.installments);
        expect(b.creditFen).toBe(a.creditFen);
      }),
      { numRuns: 100 },
    );
  });

  it('allocate never pays more than owed or more than offered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 1, maxLength: 9 }), (amount, owedAmounts) => {
        const owed = owedAmounts.map((a, i) => ({ seq: Math.floor(i / 3) + 1, component: (['penalty', 'interest', 'principal'] as const)[i % 3] ?? 'principal', amountFen: a }));
        const { lines, leftoverFen } = allocate(amount, owed, DEFAULT_WATERFALL);
        const total = lines.reduce((s, l) => s + l.amountFen, 0);
        expect(total + leftoverFen).toBe(amount);
        expect(total).toBeLessThanOrEqual(owedAmounts.reduce((s, a) => s + a, 0));
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_WATERFALL } from './allocation.js';
import { parseBusinessDate } from './business-date.js';
import { outstanding, replayLedger } from './loan-ledger.js';
import { PrepaymentRefused, reamortize } from './prepayment.js';
import { buildSchedule } from './schedule.js';

const d = parseBusinessDate;
const schedule = buildSchedule({ principalFen: 10_000_000, annualRate: '0.06', termMonths: 36, method: 'annuity', firstDueDate: d('2026-01-31') });
const base = { installments: schedule.installments, annualRate: '0.06', method: 'annuity' as const, balloonFen: 0, firstDueDate: d('2026-01-31'), paidOn: d('2026-03-31') };

describe('partial prepayment', () => {
  it('lowers the installment and keeps the term', () => {
    const v2 = reamortize({ ...base, prepaidFen: 3_000_000, option: 'lower-installment' });
    expect(v2.slice(0, 3)).toEqual(schedule.installments.slice(0, 3));
    expect(v2[3]).toMatchObject({ seq: 4, dueDate: '2026-03-31', principalFen: 3_000_000, interestFen: 0 });
    const rest = v2.slice(4);
    expect(rest).toHaveLength(33);
    expect(rest[0]?.dueDate).toBe('2026-04-30');
    expect(rest[rest.length - 1]?.dueDate).toBe('2028-12-31');
    expect(rest[0]!.paymentFen).toBeLessThan(304219);
    const principal = v2.reduce((s, i) => s + i.principalFen, 0);
    expect(principal).toBe(10_000_000);
  });

  it('shortens the term and keeps the installment at most what it was', () => {
    const v2 = reamortize({ ...base, prepaidFen: 3_000_000, option: 'shorten-term' });
    const rest = v2.slice(4);
    expect(rest.length).toBeLessThan(33);
    expect(rest[0]!.paymentFen).toBeLessThanOrEqual(304219);
    expect(rest.slice(0, -1).every((i) => i.paymentFen === rest[0]!.paymentFen)).toBe(true);
    expect(v2.reduce((s, i) => s + i.principalFen, 0)).toBe(10_000_000);
    const totalInterest = (xs: typeof v2) => xs.reduce((s, i) => s + i.interestFen, 0);
    expect(totalInterest(v2)).toBeLessThan(totalInterest(reamortize({ ...base, prepaidFen: 3_000_000, option: 'lower-installment' })));
  });

  it('replays to a loan whose prepaid principal is paid the day it was paid', () => {
    const v2 = reamortize({ ...base, prepaidFen: 3_000_000, option: 'shorten-term' });
    const terms = { installments: v2, penalty: { annualRate: '0.06', markup: '0.5', dayCount: 'ACT/360' as const, compoundOnInterest: true }, waterfall: DEFAULT_WATERFALL };
    const payments = [
      ...schedule.installments.slice(0, 2).map((i) => ({ id: `p${i.seq}`, valueDate: i.dueDate, amountFen: i.paymentFen })),
      { id: 'p3', valueDate: d('2026-03-31'), amountFen: 304219 + 3_000_000 },
    ];
    const state = replayLedger(terms, payments, d('2026-03-31'));
    expect(state.installments.slice(0, 4).every((i) => i.state === 'paid')).toBe(true);
    expect(state.creditFen).toBe(0);
    expect(outstanding(state).principalFen).toBe(10_000_000 - 254219 - 255490 - 256768 - 3_000_000);
  });

  it('refuses an amount that pays everything off, and a loan with nothing left', () => {
    expect(() => reamortize({ ...base, prepaidFen: 20_000_000, option: 'lower-installment' })).toThrow(PrepaymentRefused);
    expect(() => reamortize({ ...base, paidOn: d('2029-01-01'), prepaidFen: 1, option: 'lower-installment' })).toThrow(/nothing is left/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { type LedgerTerms, outstanding, replayLedger } from '../../src/domain/loan-ledger.js';

const d = parseBusinessDate;
const base: LedgerTerms = {
  installments: [
    { seq: 1, dueDate: d('2026-01-31'), principalFen: 100_000, interestFen: 5_000, paymentFen: 105_000, balanceAfterFen: 100_000 },
    { seq: 2, dueDate: d('2026-02-28'), principalFen: 100_000, interestFen: 2_500, paymentFen: 102_500, balanceAfterFen: 0 },
  ],
  penalty: { annualRate: '0.06', markup: '0.5', dayCount: 'ACT/360', compoundOnInterest: true },
  waterfall: { order: ['penalty', 'interest', 'principal'], mode: 'installment-first' },
};

describe('non-cash ledger adjustments (restructuring)', () => {
  it('a 罚息 waiver reduces what is owed by exactly the amount, and capitalised arrears stop accruing from their date', () => {
    const on = d('2026-03-15');
    const before = outstanding(replayLedger(base, [], on));
    expect(before.penaltyFen).toBeGreaterThan(1_000);
    const waived = replayLedger({ ...base, adjustments: [{ date: on, seq: 1, component: 'penalty', amountFen: 1_000 }] }, [], on);
    expect(outstanding(waived).penaltyFen).toBe(before.penaltyFen - 1_000);
    const capitalised: LedgerTerms = { ...base, adjustments: [{ date: on, seq: 1, component: 'principal', amountFen: 100_000 }, { date: on, seq: 1, component: 'interest', amountFen: 5_000 }] };
    const later = replayLedger(capitalised, [], d('2026-04-15'));
    expect(later.installments[0]).toMatchObject({ settledOn: '2026-03-15', principalPaidFen: 100_000, penaltyFen: replayLedger(base, [], on).installments[0]!.penaltyFen });
    // an adjustment never settles more than is owed
    const capped = replayLedger({ ...base, adjustments: [{ date: on, seq: 1, component: 'penalty', amountFen: 10_000_000 }] }, [], on);
    expect(capped.installments[0]!.penaltyPaidFen).toBe(capped.installments[0]!.penaltyFen);
  });
});

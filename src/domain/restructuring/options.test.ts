import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../business-date.js';
import { capitaliseArrears, extension, InvalidRestructure, type LoanPosition, paymentHoliday, rateReduction, restructure, waivePenalty } from './options.js';

/**
 * An M2 borrower on 2026-11-22: ¥60,000.00 principal not yet due over 12 monthly installments at
 * 6 % (the original annuity would charge ¥1,967.82 more interest), ¥10,000.00 principal and ¥600.00
 * interest overdue, ¥123.45 of 罚息. The expected figures below were computed independently with
 * Python's decimal module (50 digits, ROUND_HALF_UP) under the loan book's convention.
 */
const m2: LoanPosition = {
  effectiveOn: parseBusinessDate('2026-11-22'),
  annualRate: '0.06',
  method: 'annuity',
  nextDueDate: parseBusinessDate('2026-12-15'),
  remainingInstallments: 12,
  remainingPrincipalFen: 6_000_000,
  remainingInterestFen: 196_782,
  arrears: { principalFen: 1_000_000, interestFen: 60_000, penaltyFen: 12_345 },
  maturity: parseBusinessDate('2027-11-15'),
};
const row = (i: { n: number; principalFen: number; interestFen: number; paymentFen: number; balanceAfterFen: number }) => [i.n, i.principalFen, i.interestFen, i.paymentFen, i.balanceAfterFen];

describe('restructuring options, hand-checked', () => {
  it('展期: six more months lowers the payment from ¥5,163.99 to ¥3,493.90 and costs ¥922.45 more interest', () => {
    const r = extension(m2, 6);
    expect(r.installments).toHaveLength(18);
    expect(row(r.installments[0]!)).toEqual([1, 319_390, 30_000, 349_390, 5_680_610]);
    expect(row(r.installments[17]!)).toEqual([18, 347_659, 1_738, 349_397, 0]);
    expect(r.comparison).toMatchObject({ oldMaturity: '2027-11-15', newMaturity: '2028-05-15', newInterestFen: 289_027 + 60_000, oldInterestFen: 196_782 + 60_000, interestDifferenceFen: 92_245, newRegularPaymentFen: 349_390 });
  });

  it('展期 on an equal-principal loan', () => {
    const r = restructure({ ...m2, method: 'equal-principal' }, { extensionMonths: 6 });
    expect([row(r.installments[0]!), row(r.installments[1]!), row(r.installments[17]!)]).toEqual([
      [1, 333_333, 30_000, 363_333, 5_666_667],
      [2, 333_333, 28_333, 361_666, 5_333_334],
      [18, 333_339, 1_667, 335_006, 0],
    ]);
  });

  it('减息 to 3 % for good, and for 6 installments only (the payment is recomputed when the rate returns)', () => {
    const forGood = rateReduction(m2, '0.03', null);
    expect([row(forGood.installments[0]!), row(forGood.installments[11]!)]).toEqual([
      [1, 493_162, 15_000, 508_162, 5_506_838],
      [12, 506_897, 1_267, 508_164, 0],
    ]);
    expect(forGood.comparison.newInterestFen - 60_000).toBe(97_946);
    const sixMonths = rateReduction(m2, '0.03', 6);
    expect([row(sixMonths.installments[6]!), row(sixMonths.installments[11]!)]).toEqual([
      [7, 497_486, 15_112, 512_598, 2_524_987],
      [12, 510_046, 2_550, 512_596, 0],
    ]);
    expect(sixMonths.installments.map((i) => i.annualRate)).toEqual([...Array(6).fill('0.03'), ...Array(6).fill('0.06')]);
    expect(sixMonths.comparison.newInterestFen - 60_000).toBe(124_558);
  });

  it('a three-month payment holiday, interest capitalised or paid', () => {
    const cap = paymentHoliday(m2, 3, true);
    expect([row(cap.installments[0]!), row(cap.installments[2]!), row(cap.installments[3]!), row(cap.installments[14]!)]).toEqual([
      [1, 0, 0, 0, 6_030_000],
      [3, 0, 0, 0, 6_090_451],
      [4, 493_731, 30_452, 524_183, 5_596_720],
      [15, 521_580, 2_608, 524_188, 0],
    ]);
    expect(cap.capitalised.holidayInterestFen).toBe(90_451);
    expect(cap.comparison.newInterestFen - 60_000).toBe(199_750 + 90_451);
    expect(cap.comparison.newRegularPaymentFen).toBe(524_183);
    const paid = paymentHoliday(m2, 3, false);
    expect([row(paid.installments[0]!), row(paid.installments[3]!), row(paid.installments[14]!)]).toEqual([
      [1, 0, 30_000, 30_000, 6_000_000],
      [4, 486_399, 30_000, 516_399, 5_513_601],
      [15, 513_824, 2_569, 516_393, 0],
    ]);
  });

  it('capitalising the arrears with an extension: ¥10,600.00 moves into the balance', () => {
    const r = restructure(m2, { capitaliseArrears: true, extensionMonths: 6 });
    expect(r.capitalised).toEqual({ principalFen: 1_000_000, interestFen: 60_000, holidayInterestFen: 0 });
    expect([row(r.installments[0]!), row(r.installments[17]!)]).toEqual([
      [1, 375_816, 35_300, 411_116, 6_684_184],
      [18, 409_073, 2_045, 411_118, 0],
    ]);
    expect(r.comparison.newInterestFen).toBe(340_090 + 60_000);
    expect(capitaliseArrears(m2).installments).toHaveLength(12);
  });

  it('罚息减免 changes only what is owed', () => {
    const part = waivePenalty(m2, 2_345);
    expect(part.installments).toEqual([]);
    expect(part.comparison.oldTotalOwedFen - part.comparison.newTotalOwedFen).toBe(2_345);
    expect(waivePenalty(m2, 'all').waivedPenaltyFen).toBe(12_345);
  });

  it('refuses what cannot be done, naming the field', () => {
    const field = (f: () => unknown) => {
      try {
        f();
        return null;
      } catch (e) {
        return e instanceof InvalidRestructure ? e.field : 'other';
      }
    };
    expect(field(() => restructure(m2, {}))).toBe('terms');
    expect(field(() => extension(m2, 0))).toBe('extensionMonths');
    expect(field(() => restructure(m2, { extensionMonths: 3, newTermMonths: 24 }))).toBe('newTermMonths');
    expect(field(() => rateReduction(m2, '0.07', null))).toBe('rateReduction.annualRate');
    expect(field(() => waivePenalty(m2, 12_346))).toBe('waivePenalty.fen');
    expect(field(() => paymentHoliday(m2, 25, true))).toBe('holiday.months');
  });
});

describe('properties', () => {
  const position = fc.record({
    principal: fc.integer({ min: 100_000, max: 100_000_000 }),
    remaining: fc.integer({ min: 1, max: 60 }),
    rate: fc.constantFrom('0', '0.0399', '0.06', '0.0875', '0.12', '0.18'),
    method: fc.constantFrom('annuity' as const, 'equal-principal' as const, 'interest-only' as const),
    arrearsP: fc.integer({ min: 0, max: 5_000_000 }),
    arrearsI: fc.integer({ min: 0, max: 500_000 }),
    penalty: fc.integer({ min: 0, max: 100_000 }),
  });
  const terms = fc.record(
    {
      extensionMonths: fc.integer({ min: 1, max: 24 }),
      holiday: fc.record({ months: fc.integer({ min: 1, max: 6 }), capitalise: fc.boolean() }),
      capitaliseArrears: fc.boolean(),
      rateReduction: fc.record({ annualRate: fc.constant('0'), periods: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }) }),
    },
    { requiredKeys: [] },
  );
  it('principal is conserved, balances never go negative or up outside a holiday, the last balance is 0', () => {
    fc.assert(
      fc.property(position, terms, (x, t) => {
        const p: LoanPosition = { ...m2, annualRate: x.rate, method: x.method, remainingInstallments: x.remaining, remainingPrincipalFen: x.principal, remainingInterestFen: 0, arrears: { principalFen: x.arrearsP, interestFen: x.arrearsI, penaltyFen: x.penalty } };
        const tt = { ...t, ...(x.rate === '0' ? { rateReduction: undefined } : {}), extensionMonths: t.extensionMonths ?? 1 };
        const r = restructure(p, tt);
        const amortised = x.principal + r.capitalised.principalFen + r.capitalised.interestFen + r.capitalised.holidayInterestFen;
        expect(r.installments.reduce((s, i) => s + i.principalFen, 0)).toBe(amortised);
        let previous = x.principal + r.capitalised.principalFen + r.capitalised.interestFen;
        for (const i of r.installments) {
          expect(i.balanceAfterFen).toBeGreaterThanOrEqual(0);
          expect(i.principalFen).toBeGreaterThanOrEqual(0);
          if (!i.holiday) expect(i.balanceAfterFen).toBeLessThanOrEqual(previous);
          previous = i.balanceAfterFen;
        }
        expect(r.installments.at(-1)!.balanceAfterFen).toBe(0);
      }),
    );
  });

  it('a waiver reduces what is owed by exactly the amount waived', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12_345 }), (fen) => {
        const r = waivePenalty(m2, fen);
        expect(r.comparison.oldTotalOwedFen - r.comparison.newTotalOwedFen).toBe(fen);
        expect(r.waivedPenaltyFen).toBe(fen);
      }),
    );
  });
});

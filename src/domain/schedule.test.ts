import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from './business-date.js';
import { monthlyDueDate } from './due-dates.js';
import { Dec, parseRate, roundFen } from './money.js';
import { buildSchedule, InvalidTerms, levelPaymentFen, METHODS, type ScheduleTerms } from './schedule.js';

const first = parseBusinessDate('2026-01-31');
const base = { principalFen: 10_000_000, annualRate: '0.06', termMonths: 36, firstDueDate: first } as const;

describe('schedule vectors (P = 100,000.00, 6 %, 36 months, first due 2026-01-31)', () => {
  it('annuity 等额本息', () => {
    const s = buildSchedule({ ...base, method: 'annuity' });
    expect(s.installments[0]).toEqual({ seq: 1, dueDate: '2026-01-31', principalFen: 254219, interestFen: 50000, paymentFen: 304219, balanceAfterFen: 9745781 });
    expect(s.installments[35]?.paymentFen).toBe(304236);
    expect(s.totalInterestFen).toBe(951901);
  });

  it('equal-principal 等额本金', () => {
    const s = buildSchedule({ ...base, method: 'equal-principal' });
    expect(s.installments[0]?.paymentFen).toBe(327778);
    expect(s.installments[35]).toMatchObject({ principalFen: 277770, paymentFen: 279159, balanceAfterFen: 0 });
    expect(s.totalInterestFen).toBe(925000);
  });

  it('interest-only 先息后本', () => {
    const s = buildSchedule({ ...base, method: 'interest-only' });
    expect(s.installments.slice(0, 35).every((i) => i.paymentFen === 50000 && i.principalFen === 0)).toBe(true);
    expect(s.installments[35]?.paymentFen).toBe(10_050_000);
    expect(s.totalInterestFen).toBe(1_800_000);
  });

  it('balloon 弹性尾款 with 30,000.00 left to the end', () => {
    const s = buildSchedule({ ...base, method: 'balloon', balloonFen: 3_000_000 });
    expect(s.installments[0]?.paymentFen).toBe(227954);
    expect(s.installments[35]?.paymentFen).toBe(3_227_933);
    expect(s.totalInterestFen).toBe(1_206_323);
  });

  it('falls due on the same day each month, clamped to the month end', () => {
    const s = buildSchedule({ ...base, method: 'annuity' });
    expect(s.installments.slice(0, 4).map((i) => i.dueDate)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(monthlyDueDate(parseBusinessDate('2027-01-29'), 1)).toBe('2027-02-28');
    expect(monthlyDueDate(parseBusinessDate('2027-12-31'), 2)).toBe('2028-02-29');
  });

  it('handles a zero rate', () => {
    const s = buildSchedule({ ...base, annualRate: '0', method: 'annuity' });
    expect(s.installments[0]?.paymentFen).toBe(277778);
    expect(s.installments[35]?.paymentFen).toBe(277770);
    expect(s.totalInterestFen).toBe(0);
    expect(buildSchedule({ ...base, annualRate: '0', method: 'balloon', balloonFen: 1_000_000 }).installments[0]?.paymentFen).toBe(250000);
  });

  it('refuses terms that make no loan', () => {
    const bad = (t: Partial<ScheduleTerms>) => () => buildSchedule({ ...base, method: 'annuity', ...t });
    expect(bad({ principalFen: 0 })).toThrow(InvalidTerms);
    expect(bad({ termMonths: 0 })).toThrow(/term/);
    expect(bad({ annualRate: '-0.01' })).toThrow(/rate/);
    expect(bad({ method: 'balloon' })).toThrow(/balloon amount/);
    expect(bad({ method: 'balloon', balloonFen: 10_000_000 })).toThrow(/below the principal/);
    expect(bad({ balloonFen: 5 })).toThrow(/only applies to the balloon method/);
    expect(bad({ method: 'interest-only', annualRate: '0' })).toThrow(/nothing to pay/);
  });
});

describe('schedule properties', () => {
  const terms = fc
    .record({
      principalFen: fc.integer({ min: 100_000, max: 1_000_000_000 }),
      rateBp: fc.integer({ min: 0, max: 3600 }),
      termMonths: fc.integer({ min: 1, max: 120 }),
      method: fc.constantFrom(...METHODS),
      balloonShare: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      firstDueDate: fc.integer({ min: 0, max: 3000 }).map((d) => addDays(parseBusinessDate('2020-01-01'), d)),
    })
    .filter((t) => !(t.method === 'interest-only' && t.rateBp === 0))
    .map(
      (t): ScheduleTerms => ({
        principalFen: t.principalFen,
        annualRate: (t.rateBp / 10_000).toString(),
        termMonths: t.termMonths,
        method: t.method,
        firstDueDate: t.firstDueDate,
        balloonFen: t.method === 'balloon' ? Math.max(1, Math.floor(t.principalFen * t.balloonShare)) : undefined,
      }),
    );

  it('principal parts sum to P; balances never negative and never rising; every payment positive', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const s = buildSchedule(t);
        expect(s.installments).toHaveLength(t.termMonths);
        expect(s.installments.reduce((sum, i) => sum + i.principalFen, 0)).toBe(t.principalFen);
        let previous = t.principalFen;
        for (const i of s.installments) {
          expect(i.balanceAfterFen).toBeGreaterThanOrEqual(0);
          expect(i.balanceAfterFen).toBeLessThanOrEqual(previous);
          expect(i.paymentFen).toBeGreaterThan(0);
          expect(i.paymentFen).toBe(i.principalFen + i.interestFen);
          previous = i.balanceAfterFen;
        }
        expect(previous).toBe(0);
        expect(s.totalInterestFen).toBe(s.installments.reduce((sum, i) => sum + i.interestFen, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('due dates strictly increase, one a month', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const dates = buildSchedule(t).installments.map((i) => i.dueDate);
        for (let k = 1; k < dates.length; k++) expect(dates[k]! > dates[k - 1]!).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('per-period interest is exact', () => {
  it('rounds an exact half fen up, where 40-digit decimals of r = 7 %/12 would round it down', () => {
    // 16,800,600 fen × 0.07 / 12 = 98,003.5 fen exactly; r = 0.0058333… cut to 40 digits makes it 98,003.4999…
    expect(roundFen(new Dec('0.07').div(12).times(16_800_600))).toBe(98_003);
    const s = buildSchedule({ ...base, principalFen: 16_800_600, annualRate: '0.07', method: 'interest-only' });
    expect(s.installments[0]).toMatchObject({ interestFen: 98_004, paymentFen: 98_004 });
    expect(s.totalInterestFen).toBe(36 * 98_004);
  });

  /** The rule written out in bigint fractions: r = annual / 12 taken from the rate's digits. */
  function reference(t: ScheduleTerms): Array<{ principalFen: number; interestFen: number }> {
    const [whole = '0', decimals = ''] = new Dec(t.annualRate).toFixed().split('.');
    const num = BigInt(whole + decimals);
    const den = 12n * 10n ** BigInt(decimals.length);
    const roundHalfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);
    const n = t.termMonths;
    const level = t.method === 'annuity' || t.method === 'balloon' ? BigInt(levelPaymentFen(t.principalFen, t.annualRate, n, t.balloonFen ?? 0)) : 0n;
    const equalPrincipal = roundHalfUp(BigInt(t.principalFen), BigInt(n));
    let balance = BigInt(t.principalFen);
    const rows: Array<{ principalFen: number; interestFen: number }> = [];
    for (let seq = 1; seq <= n; seq++) {
      const interest = roundHalfUp(balance * num, den);
      let principal = seq === n ? balance : t.method === 'equal-principal' ? equalPrincipal : t.method === 'interest-only' ? 0n : level > interest ? level - interest : 0n;
      if (principal > balance) principal = balance;
      balance -= principal;
      rows.push({ principalFen: Number(principal), interestFen: Number(interest) });
    }
    return rows;
  }

  /**
   * A principal whose first month's interest is exactly k + 0.5 fen at `millionths` a year, near
   * `near`, when there is one (r = num / den in lowest terms with den even): P·num ≡ den/2 (mod den).
   */
  function tiePrincipal(millionths: number, near: number): number | null {
    const g = (a: bigint, b: bigint): bigint => (b === 0n ? a : g(b, a % b));
    let num = BigInt(millionths);
    let den = 12_000_000n;
    const common = g(num, den);
    num /= common;
    den /= common;
    if (num === 0n || den % 2n !== 0n) return null;
    // num⁻¹ mod den by the extended Euclidean algorithm
    let [r0, r1, s0, s1] = [num % den, den, 1n, 0n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
    }
    const p0 = ((((den / 2n) * s0) % den) + den) % den;
    const p = p0 + (BigInt(near) / den) * den;
    return p > 0n ? Number(p) : Number(p0 + den);
  }

  const terms = fc
    .record({
      principalFen: fc.integer({ min: 1, max: 100_000_000_000 }),
      aimAtTie: fc.boolean(),
      rateMillionths: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999_999 })),
      // as parseRate writes it ("0.07", "1e-6") or with every digit ("0.070000")
      normalised: fc.boolean(),
      termMonths: fc.integer({ min: 1, max: 360 }),
      method: fc.constantFrom(...METHODS),
      balloonShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    })
    .map((t) => ({ ...t, principalFen: (t.aimAtTie ? tiePrincipal(t.rateMillionths, t.principalFen) : null) ?? t.principalFen }))
    .filter((t) => !(t.method === 'interest-only' && t.rateMillionths === 0 && t.termMonths > 1) && !(t.method === 'balloon' && t.principalFen < 2))
    .map((t): ScheduleTerms => {
      const digits = `0.${String(t.rateMillionths).padStart(6, '0')}`;
      return {
        principalFen: t.principalFen,
        annualRate: t.normalised ? parseRate(digits) : digits,
        termMonths: t.termMonths,
        method: t.method,
        firstDueDate: first,
        balloonFen: t.method === 'balloon' ? Math.min(t.principalFen - 1, Math.max(1, Math.floor(t.principalFen * t.balloonShare))) : undefined,
      };
    });

  it('equals the rule in exact rational arithmetic (all methods, rates to 6 decimals, terms to 360, principals to 10^11 fen)', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const got = buildSchedule(t).installments.map((i) => ({ principalFen: i.principalFen, interestFen: i.interestFen }));
        expect(got).toEqual(reference(t));
      }),
      { numRuns: 400 },
    );
  });

  it('finds the exact half fen that decimal r misses, at random balances', () => {
    // balances ≡ 600 (mod 1200) owe exactly k + 0.5 fen a month at 7 %
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80_000_000 }), (k) => {
        const principalFen = 1200 * k + 600;
        const [i] = buildSchedule({ ...base, principalFen, annualRate: '0.07', termMonths: 1, method: 'interest-only' }).installments;
        expect(i?.interestFen).toBe(7 * k + 4);
      }),
      { numRuns: 200 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../business-date.js';
import { DEFAULT_PENALTY_MARKUP, type PenaltyRule } from '../penalty.js';
import { buildSchedule, type Installment } from '../schedule.js';
import { type BehaviourProfile, PROFILE_SHARES, simulateRepayments } from './behaviour.js';
import { rngFor } from './rng.js';

const d = parseBusinessDate;
const schedule = buildSchedule({ principalFen: 12_000_000, annualRate: '0.0588', termMonths: 36, method: 'annuity', firstDueDate: d('2024-02-15') }).installments;
const lastDue = schedule[schedule.length - 1]?.dueDate ?? d('2027-01-15');
const afterTerm = addDays(lastDue, 200);
const totalDue = schedule.reduce((s, i) => s + i.paymentFen, 0);
const sum = (xs: { amountFen: number }[]): number => xs.reduce((s, x) => s + x.amountFen, 0);

/** The first loan index whose profile is `profile`, so each profile can be examined alone. */
function loansWith(profile: BehaviourProfile, count: number, sched: Installment[] = schedule): number[] {
  const found: number[] = [];
  for (let i = 0; found.length < count; i++) if (simulateRepayments(sched, rngFor('b', i), afterTerm).profile === profile) found.push(i);
  return found;
}

describe('repayment behaviour', () => {
  it('is the same for the same seed and differs between seeds', () => {
    expect(simulateRepayments(schedule, rngFor(1, 'loan', 3), afterTerm)).toEqual(simulateRepayments(schedule, rngFor(1, 'loan', 3), afterTerm));
    const a = Array.from({ length: 20 }, (_, i) => simulateRepayments(schedule, rngFor(1, 'loan', i), afterTerm));
    const b = Array.from({ length: 20 }, (_, i) => simulateRepayments(schedule, rngFor(2, 'loan', i), afterTerm));
    expect(a).not.toEqual(b);
  });

  it('never pays after the as-of date, never a non-positive or fractional amount, and in date order', () => {
    const dates = fc.integer({ min: -60, max: 1200 }).map((n) => addDays(d('2024-01-15'), n));
    fc.assert(
      fc.property(fc.integer(), fc.nat(), dates, (seed, i, asOf) => {
        const { payments } = simulateRepayments(schedule, rngFor(seed, 'loan', i), asOf);
        for (const p of payments) {
          expect(p.valueDate <= asOf).toBe(true);
          expect(Number.isSafeInteger(p.amountFen) && p.amountFen > 0).toBe(true);
          expect(p.valueDate >= addDays(schedule[0]?.dueDate ?? asOf, -5)).toBe(true);
        }
        expect(payments.map((p) => p.valueDate)).toEqual(payments.map((p) => p.valueDate).sort());
        expect(sum(payments)).toBeLessThanOrEqual(totalDue);
      }),
      { numRuns: 500 },
    );
  });

  it('extends one history as the as-of date moves on rather than redrawing it', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 400 }), (seed, i, a, gap) => {
        const early = addDays(d('2024-01-01'), a);
        const late = addDays(early, gap);
        const before = simulateRepayments(schedule, rngFor(seed, i), early);
        const after = simulateRepayments(schedule, rngFor(seed, i), late);
        expect(after.profile).toBe(before.profile);
        expect(after.payments.filter((p) => p.valueDate <= early)).toEqual(before.payments);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the documented profile shares over 10,000 loans', () => {
    const counts = new Map<BehaviourProfile, number>();
    for (let i = 0; i < 10_000; i++) {
      const { profile } = simulateRepayments(schedule, rngFor('book', 'loan', i), d('2025-06-30'));
      counts.set(profile, (counts.get(profile) ?? 0) + 1);
    }
    for (const [profile, share] of PROFILE_SHARES) expect(Math.abs((counts.get(profile) ?? 0) / 10_000 - share)).toBeLessThan(0.015);
    expect(PROFILE_SHARES.reduce((s, [, w]) => s + w, 0)).toBeCloseTo(1, 10);
  });

  it('on-time payers pay every installment in full on or up to five days before its due date', () => {
    for (const i of loansWith('on-time', 20)) {
      const { payments } = simulateRepayments(schedule, rngFor('b', i), afterTerm);
      expect(payments).toHaveLength(schedule.length);
      payments.forEach((p, k) => {
        const inst = schedule[k] as Installment;
        expect(p.amountFen).toBe(inst.paymentFen);
        expect(p.valueDate <= inst.dueDate && p.valueDate >= addDays(inst.dueDate, -5)).toBe(true);
      });
    }
  });

  it('late payers cure 1–20 days after a missed due date and in the end pay exactly what was due', () => {
    for (const i of loansWith('late-cure', 30)) {
      const { payments } = simulateRepayments(schedule, rngFor('b', i), afterTerm);
      expect(sum(payments)).toBe(totalDue);
      const late = payments.filter((p) => !schedule.some((s) => p.valueDate <= s.dueDate && p.valueDate >= addDays(s.dueDate, -5)));
      expect(late.length).toBeGreaterThan(0);
      for (const p of late) {
        const missedDue = [...schedule].reverse().find((s) => s.dueDate < p.valueDate) as Installment;
        expect(p.valueDate <= addDays(missedDue.dueDate, 20)).toBe(true);
      }
    }
  });

  it('late payers also pay penalty interest when given the penalty rule', () => {
    const rule: PenaltyRule = { annualRate: '0.0588', markup: DEFAULT_PENALTY_MARKUP, dayCount: 'ACT/360', compoundOnInterest: false };
    for (const i of loansWith('late-cure', 10)) {
      const plain = simulateRepayments(schedule, rngFor('b', i), afterTerm);
      const withPenalty = simulateRepayments(schedule, rngFor('b', i), afterTerm, { penalty: rule });
      expect(withPenalty.payments.map((p) => p.valueDate)).toEqual(plain.payments.map((p) => p.valueDate));
      expect(sum(withPenalty.payments)).toBeGreaterThan(sum(plain.payments));
    }
  });

  it('defaulters stop for good, with at most two token payments short of one installment', () => {
    for (const i of loansWith('default', 30)) {
      const { payments } = simulateRepayments(schedule, rngFor('b', i), afterTerm);
      const full = payments.filter((p, k) => p.amountFen === schedule[k]?.paymentFen);
      const tokens = payments.slice(full.length);
      expect(full.length).toBeLessThan(schedule.length);
      expect(tokens.length).toBeLessThanOrEqual(2);
      const missed = schedule[full.length] as Installment;
      expect(sum(tokens)).toBeLessThan(missed.paymentFen);
      for (const t of tokens) expect(t.valueDate > missed.dueDate && t.valueDate <= addDays(missed.dueDate, 60)).toBe(true);
    }
  });

  it('prepayers settle the whole remaining principal on a due date and then pay nothing more', () => {
    for (const i of loansWith('prepay', 30)) {
      const { payments } = simulateRepayments(schedule, rngFor('b', i), afterTerm);
      const paidInterest = schedule.slice(0, payments.length).reduce((s, inst) => s + inst.interestFen, 0);
      expect(sum(payments)).toBe(12_000_000 + paidInterest);
      expect(payments[payments.length - 1]?.valueDate).toBe(schedule[payments.length - 1]?.dueDate);
      expect(payments.length).toBeGreaterThanOrEqual(3);
      expect(payments.length).toBeLessThan(schedule.length);
    }
  });

  it('handles a one-month loan and an empty schedule', () => {
    const one = buildSchedule({ principalFen: 100_000, annualRate: '0.06', termMonths: 1, method: 'annuity', firstDueDate: d('2025-01-10') }).installments;
    for (let i = 0; i < 200; i++) {
      const { payments } = simulateRepayments(one, rngFor('one', i), d('2025-12-31'));
      expect(payments.length).toBeLessThanOrEqual(2);
      expect(sum(payments)).toBeLessThanOrEqual(one[0]?.paymentFen ?? 0);
    }
    expect(simulateRepayments([], rngFor('none'), d('2025-12-31')).payments).toEqual([]);
  });
});


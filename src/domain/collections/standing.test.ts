import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type BusinessDate, daysBetween, parseBusinessDate } from '../business-date.js';
import { DEFAULT_STRATEGY } from './default-strategy.js';
import { evaluateStrategy } from './evaluate.js';
import { factsOn, nextEvaluationOn, type StandingFacts } from './standing.js';
import { type Segment, type Strategy, TAGS } from './strategy.js';

const today = parseBusinessDate('2026-11-22');

const standing: fc.Arbitrary<StandingFacts> = fc
  .record({
    loanId: fc.integer({ min: 1, max: 1_000_000 }),
    // most near the bands' edges, where the segment changes
    overdueDays: fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 400 })), { nil: null }),
    nextUnpaidIn: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
    nextAfterIn: fc.integer({ min: 1, max: 40 }),
    tags: fc.subarray([...TAGS]),
    plan: fc.constantFrom('none', 'kept', 'broken'),
  })
  .map((x) => {
    const overdueSince = x.overdueDays === null ? null : addDays(today, -x.overdueDays);
    const nextUnpaid = overdueSince !== null || x.nextUnpaidIn === null ? null : addDays(today, x.nextUnpaidIn);
    return {
      loanId: x.loanId,
      bucket: overdueSince === null ? 'M0' : 'M1',
      overdueFen: overdueSince === null ? 0 : 120_000,
      product: 'new_car',
      branchCode: 'BJ',
      riskGrade: null,
      tags: x.tags,
      promise: 'none' as const,
      overdueSince,
      nextUnpaid,
      nextAfter: nextUnpaid === null ? null : addDays(nextUnpaid, x.nextAfterIn),
      planKeptSince: x.plan === 'kept' ? addDays(today, -20) : null,
      planBrokenOn: x.plan === 'broken' ? addDays(today, -2) : null,
    };
  });

/** Segments with bounds on DPD and steps that start and repeat on any day, in the editor's order. */
const strategy: fc.Arbitrary<Strategy> = fc
  .array(
    fc.record({
      dpdMin: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      span: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
      tagged: fc.boolean(),
      steps: fc.uniqueArray(fc.record({ day: fc.integer({ min: -10, max: 200 }), repeat: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }) }), {
        selector: (t) => t.day,
        maxLength: 4,
      }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((segments) => ({
    ...DEFAULT_STRATEGY,
    code: 'generated',
    segments: segments.map(
      (g, i): Segment => ({
        code: `s${i}`,
        nameZh: `分群${i}`,
        nameEn: `Segment ${i}`,
        when: {
          ...(g.dpdMin === undefined ? {} : { dpdMin: g.dpdMin }),
          ...(g.span === undefined ? {} : { dpdMax: (g.dpdMin ?? 0) + g.span }),
          ...(g.tagged ? { tagsAny: ['hardship' as const] } : {}),
        },
        treatments: [...g.steps]
          .sort((a, b) => a.day - b.day)
          .map((t, j) => ({ code: `t${j}`, action: 'call' as const, day: t.day, priority: 50, slaHours: 24, ...(t.repeat === undefined ? {} : { repeatEveryDays: t.repeat }) })),
      }),
    ),
  }));

/** What a run compares with what the case holds: the segment and the step occurrence (its key). */
const outcome = (s: Strategy, f: StandingFacts, on: BusinessDate) => {
  const e = evaluateStrategy(s, factsOn(f, on));
  return { segment: e.segment, key: e.decision?.key ?? null };
};

describe('the standing facts and the next day to evaluate', () => {
  it('derives the day’s facts: days past due, and the due date a current loan is anchored on', () => {
    const f = { loanId: 1, bucket: 'M0', overdueFen: 0, product: 'new_car', branchCode: 'BJ', riskGrade: null, tags: [], promise: 'none', overdueSince: null, nextUnpaid: today, nextAfter: addDays(today, 31) } as StandingFacts;
    expect(factsOn(f, today)).toMatchObject({ asOf: today, dpd: 0, oldestUnpaidDue: today, nextDue: addDays(today, 31) });
    expect(factsOn({ ...f, nextUnpaid: addDays(today, 3) }, today)).toMatchObject({ oldestUnpaidDue: null, nextDue: addDays(today, 3) });
    expect(factsOn({ ...f, overdueSince: addDays(today, -5), nextUnpaid: null }, today)).toMatchObject({ dpd: 5, oldestUnpaidDue: addDays(today, -5), nextDue: null });
  });

  it('wakes the head-office strategy on the next step, repeat or band: day 3, then each week, then day 15', () => {
    const overdue = (days: number) =>
      ({ loanId: 1, bucket: 'M1', overdueFen: 1, product: 'new_car', branchCode: 'BJ', riskGrade: null, tags: [], promise: 'none', overdueSince: addDays(today, -days), nextUnpaid: null, nextAfter: null }) as StandingFacts;
    expect(nextEvaluationOn(DEFAULT_STRATEGY, overdue(1), today)).toBe(addDays(today, 2));
    expect(nextEvaluationOn(DEFAULT_STRATEGY, overdue(3), today)).toBe(addDays(today, 7));
    expect(nextEvaluationOn(DEFAULT_STRATEGY, overdue(12), today)).toBe(addDays(today, 3));
    // on its last day in M1 (DPD 30) the loan moves to the mid segment tomorrow
    expect(nextEvaluationOn(DEFAULT_STRATEGY, overdue(30), today)).toBe(addDays(today, 1));
    // the last step of the late segment, then nothing more unless the facts change
    expect(nextEvaluationOn(DEFAULT_STRATEGY, overdue(200), today)).toBeNull();
  });

  it('never skips a day on which the evaluation changes (any strategy, any loan)', () => {
    fc.assert(
      fc.property(strategy, standing, (s, f) => {
        const wake = nextEvaluationOn(s, f, today);
        const last = wake === null ? 400 : daysBetween(today, wake);
        expect(last).toBeGreaterThan(0);
        const then = outcome(s, f, today);
        for (let k = 1; k < last; k += 1) expect(outcome(s, f, addDays(today, k))).toEqual(then);
      }),
      { numRuns: 400 },
    );
  });

  it('is not needlessly early: on a wake-up from a step or band the evaluation does change', () => {
    // a strategy of one segment with steps only: the day it names is a step starting or repeating
    const s: Strategy = { ...DEFAULT_STRATEGY, segments: [{ code: 'all', nameZh: '全部', nameEn: 'All', when: {}, treatments: [{ code: 'a', action: 'sms', day: 1, priority: 9, slaHours: 24 }, { code: 'b', action: 'call', day: 5, repeatEveryDays: 4, priority: 9, slaHours: 24 }] }] };
    const f = { loanId: 1, bucket: 'M1', overdueFen: 1, product: 'new_car', branchCode: 'BJ', riskGrade: null, tags: [], promise: 'none', overdueSince: addDays(today, -2), nextUnpaid: null, nextAfter: null } as StandingFacts;
    let on = today;
    const keys: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      on = nextEvaluationOn(s, f, on)!;
      keys.push(outcome(s, f, on).key!);
    }
    expect(keys.map((k) => k.replace(/^.*\/all\//, ''))).toEqual([`b/${addDays(today, -2)}#0`, `b/${addDays(today, -2)}#1`, `b/${addDays(today, -2)}#2`, `b/${addDays(today, -2)}#3`]);
    expect(on).toBe(addDays(today, 15));
  });
});

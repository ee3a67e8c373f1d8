import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../business-date.js';
import { DEFAULT_STRATEGY } from './default-strategy.js';
import { type CollectionFacts, evaluateWithChallenger } from './evaluate.js';
import { explainEvaluation, explainFromFacts } from './explain.js';
import { PROMISE_STATES, type Strategy, TAGS } from './strategy.js';

const asOf = parseBusinessDate('2026-11-22');
const challenger: Strategy = {
  ...DEFAULT_STRATEGY,
  code: 'cn-soft',
  nameEn: 'Soft',
  segments: [{ code: 'all', nameZh: '全部', nameEn: 'All', when: { dpdMin: 1 }, treatments: [{ code: 'sms', action: 'sms', day: 1, repeatEveryDays: 5, priority: 50, slaHours: 48 }] }],
};
const champion: Strategy = { ...DEFAULT_STRATEGY, challenger: { code: 'cn-soft', percent: 30, seed: 'explain' } };

const facts: fc.Arbitrary<CollectionFacts> = fc
  .record({
    loanId: fc.integer({ min: 1, max: 1_000_000 }),
    dpd: fc.integer({ min: 0, max: 400 }),
    overdueFen: fc.nat({ max: 10_000_000 }),
    riskGrade: fc.constantFrom(null, 'A', 'C', 'E'),
    tags: fc.subarray([...TAGS]),
    promise: fc.constantFrom(...PROMISE_STATES),
    daysToDue: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
    plan: fc.constantFrom('none', 'kept', 'broken'),
  })
  .map((x) => ({
    loanId: x.loanId,
    asOf,
    dpd: x.dpd,
    bucket: x.dpd === 0 ? 'M0' : x.dpd <= 30 ? 'M1' : 'M2',
    overdueFen: x.dpd > 0 ? x.overdueFen : 0,
    product: 'new_car',
    branchCode: 'BJ',
    riskGrade: x.riskGrade,
    tags: x.tags,
    promise: x.promise,
    oldestUnpaidDue: x.dpd > 0 ? addDays(asOf, -x.dpd) : null,
    nextDue: x.daysToDue === null ? null : (addDays(asOf, x.daysToDue) as BusinessDate),
    planKeptSince: x.plan === 'kept' ? addDays(asOf, -20) : null,
    planBrokenOn: x.plan === 'broken' ? addDays(asOf, -2) : null,
  }));

describe('a strategy task explained from the facts it keeps', () => {
  it('is the explanation the run saw, for either group, after the facts went through JSON', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const e = evaluateWithChallenger(champion, challenger, f);
        const decidedBy = e.group === 'challenger' ? challenger : champion;
        const kept = JSON.parse(JSON.stringify(f)) as CollectionFacts;
        expect(explainFromFacts(decidedBy, e.group, kept)).toEqual(explainEvaluation(e, f));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the step, the segments passed over and the facts in both languages', () => {
    const f = { loanId: 7, asOf, dpd: 3, bucket: 'M1', overdueFen: 304_219, product: 'new_car', branchCode: 'BJ', riskGrade: null, tags: [], promise: 'active', oldestUnpaidDue: addDays(asOf, -3), nextDue: null } as CollectionFacts;
    const x = explainFromFacts(DEFAULT_STRATEGY, 'champion', f);
    expect(x.segment).toBe('promised');
    expect(x.step).toEqual({ code: 'promise-sms', day: 1, anchor: addDays(asOf, -3), occurrence: 0 });
    expect(x.skipped.map((s) => s.segment)).toEqual(['held', 'malicious', 'hardship']);
    expect(x.matched.map((r) => r.zh)).toEqual(['逾期天数 3 ≥ 1', '承诺还款状态 active 属于 active']);
    expect(x.why.en).toBe(`day 3 from ${addDays(asOf, -3)}: at step promise-sms (from day 1)`);
    expect(x.facts).toEqual({ dpd: 3, bucket: 'M1', overdueFen: 304_219, tags: [], promise: 'active', oldestUnpaidDue: addDays(asOf, -3), nextDue: null });
  });
});

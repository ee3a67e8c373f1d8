import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../business-date.js';
import { DEFAULT_STRATEGY } from './default-strategy.js';
import { type CollectionFacts, currentStep, decideStrategy, evaluateStrategy, evaluateWithChallenger } from './evaluate.js';
import { summarisePreview } from './preview.js';
import { PROMISE_STATES, type Strategy, TAGS } from './strategy.js';

const d = parseBusinessDate;
const asOf = d('2026-11-22');
const bucketOf = (dpd: number) => (dpd === 0 ? 'M0' : dpd <= 30 ? 'M1' : dpd <= 60 ? 'M2' : dpd <= 90 ? 'M3' : dpd <= 120 ? 'M4' : 'M5');

function overdue(dpd: number, extra: Partial<CollectionFacts> = {}): CollectionFacts {
  return {
    loanId: 7,
    asOf,
    dpd,
    bucket: bucketOf(dpd),
    overdueFen: dpd > 0 ? 304_219 : 0,
    product: 'new_car',
    branchCode: 'SH',
    riskGrade: null,
    tags: [],
    promise: 'none',
    oldestUnpaidDue: dpd > 0 ? addDays(asOf, -dpd) : null,
    nextDue: d('2026-11-25'),
    ...extra,
  };
}

describe('evaluating the head-office strategy', () => {
  it('reminds a current loan three days before its due date, and not four', () => {
    const e = evaluateStrategy(DEFAULT_STRATEGY, overdue(0));
    expect(e.segment).toBe('pre-due');
    expect(e.decision).toMatchObject({ step: 'sms-d-3', action: 'sms', day: -3, anchor: '2026-11-25', key: 'cn-standard@1/pre-due/sms-d-3/2026-11-25#0' });
    expect(e.explanation.skipped.map((s) => s.segment)).toEqual(['held', 'malicious', 'hardship', 'promised']);
    const early = evaluateStrategy(DEFAULT_STRATEGY, overdue(0, { nextDue: d('2026-11-26') }));
    expect(early.segment).toBe('pre-due');
    expect(early.decision).toBeNull();
    expect(early.explanation.step.en).toBe('day -4 from 2026-11-26, before the first step (day -3)');
  });

  it('moves an M1 loan from SMS to a weekly call, each week a new task', () => {
    expect(evaluateStrategy(DEFAULT_STRATEGY, overdue(1)).decision).toMatchObject({ segment: 'early', step: 'sms-d1', occurrence: 0 });
    expect(evaluateStrategy(DEFAULT_STRATEGY, overdue(2)).decision?.step).toBe('sms-d1');
    // the same arrears seen on later days: the anchor stays, the day moves
    const dueOn = d('2026-11-01');
    const on = (dpd: number) => evaluateStrategy(DEFAULT_STRATEGY, overdue(dpd, { asOf: addDays(dueOn, dpd), oldestUnpaidDue: dueOn })).decision!;
    const [d3, d9, d10] = [on(3), on(9), on(10)];
    expect([d3.step, d3.occurrence, d9.occurrence, d10.occurrence]).toEqual(['call-d3', 0, 0, 1]);
    expect(d9.key).toBe(d3.key);
    expect(d10.key).not.toBe(d3.key);
  });

  it('explains why each earlier segment did not take the loan', () => {
    const e = evaluateStrategy(DEFAULT_STRATEGY, overdue(45, { tags: ['hardship'] }));
    expect(e.segment).toBe('hardship');
    expect(e.explanation.skipped).toEqual([
      { segment: 'held', reason: { field: 'tagsAny', passed: false, zh: '没有 dispute, deceased, legal 中的任何标签', en: 'tagged none of dispute, deceased, legal' } },
      { segment: 'malicious', reason: { field: 'tagsAny', passed: false, zh: '没有 malicious, fraud 中的任何标签', en: 'tagged none of malicious, fraud' } },
    ]);
    expect(e.explanation.matched.map((r) => r.en)).toEqual(['DPD 45 ≥ 1', 'tagged hardship']);
    expect(e.decision).toMatchObject({ step: 'review', occurrence: 2 });
    expect(e.explanation.step.en).toBe(`day 45 from ${addDays(asOf, -45)}: at step review (from day 15), repeating every 15 days, occurrence 3`);
  });

  it('never contacts a held loan: the held segment comes first and has no steps', () => {
    const e = evaluateStrategy(DEFAULT_STRATEGY, overdue(200, { tags: ['malicious', 'legal'] }));
    expect(e.segment).toBe('held');
    expect(e.decision).toBeNull();
  });

  it('sends late arrears to an agency, then repossession review, then legal', () => {
    expect([91, 120, 121, 180, 181].map((n) => evaluateStrategy(DEFAULT_STRATEGY, overdue(n)).decision?.action)).toEqual([
      'agency',
      'agency',
      'repossession_review',
      'repossession_review',
      'legal_referral',
    ]);
  });

  it('a paid-off loan with nothing due is in no step', () => {
    const e = evaluateStrategy(DEFAULT_STRATEGY, overdue(0, { nextDue: null }));
    expect(e.decision).toBeNull();
    expect(e.explanation.step.en).toBe('nothing due or overdue');
  });

  it('conditions on amount, product, branch, grade and promise', () => {
    const s: Strategy = {
      ...DEFAULT_STRATEGY,
      segments: [
        {
          code: 'big-trucks-sh',
          nameZh: '上海大额商用车',
          nameEn: 'Large commercial, Shanghai',
          when: { overdueMinFen: 1_000_000, overdueMaxFen: 5_000_000, products: ['commercial'], branches: ['SH'], riskGrades: ['D', 'E'], promise: ['none', 'broken'] },
          treatments: [{ code: 'visit', action: 'field_visit', day: 1, priority: 1, slaHours: 24 }],
        },
        { code: 'rest', nameZh: '其他', nameEn: 'Other', when: {}, treatments: [] },
      ],
    };
    const base = overdue(5, { overdueFen: 2_000_000, product: 'commercial', riskGrade: 'E', promise: 'broken' });
    expect(evaluateStrategy(s, base).segment).toBe('big-trucks-sh');
    const misses: [Partial<CollectionFacts>, string][] = [
      [{ overdueFen: 999_999 }, 'overdue 999999 fen < 1000000 fen'],
      [{ overdueFen: 5_000_001 }, 'overdue 5000001 fen > 5000000 fen'],
      [{ product: 'new_car' }, 'product new_car is not in commercial'],
      [{ branchCode: 'BJ' }, 'branch BJ is not in SH'],
      [{ riskGrade: null }, 'risk grade — is not in D, E'],
      [{ promise: 'active' }, 'promise active is not in none, broken'],
    ];
    for (const [change, why] of misses) {
      const e = evaluateStrategy(s, { ...base, ...change });
      expect(e.segment).toBe('rest');
      expect(e.explanation.skipped[0]!.reason.en).toBe(why);
    }
  });

  it('gives the challenger its share, stably, and records the group', () => {
    const challenger: Strategy = { ...DEFAULT_STRATEGY, code: 'cn-soft', nameEn: 'Soft', segments: [{ code: 'all', nameZh: '全部', nameEn: 'All', when: {}, treatments: [{ code: 'sms', action: 'sms', day: 1, priority: 50, slaHours: 48 }] }] };
    const champion: Strategy = { ...DEFAULT_STRATEGY, challenger: { code: 'cn-soft', percent: 20, seed: 'exp-1' } };
    const groups = Array.from({ length: 5000 }, (_, i) => evaluateWithChallenger(champion, challenger, overdue(10, { loanId: i + 1 })));
    const share = groups.filter((g) => g.group === 'challenger').length / groups.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
    for (const g of groups) expect(g.strategy.code).toBe(g.group === 'challenger' ? 'cn-soft' : 'cn-standard');
    // without the challenger document the champion decides for everyone
    expect(evaluateWithChallenger(champion, null, overdue(10, { loanId: groups.find((g) => g.group === 'challenger')!.loanId })).group).toBe('champion');
  });

  it('summarises a preview in strategy order', () => {
    const facts = [overdue(0, { loanId: 3 }), overdue(5, { loanId: 2 }), overdue(5, { loanId: 1 }), overdue(95, { loanId: 4, overdueFen: 10 })];
    const rows = summarisePreview(facts.map((f) => evaluateStrategy(DEFAULT_STRATEGY, f)), (id) => facts.find((f) => f.loanId === id)!.overdueFen, DEFAULT_STRATEGY.segments.map((s) => s.code));
    expect(rows.map((r) => [r.segment, r.step, r.loans, r.overdueFen, r.sample])).toEqual([
      ['pre-due', 'sms-d-3', 1, 0, [3]],
      ['early', 'call-d3', 2, 608_438, [1, 2]],
      ['late', 'agency', 1, 10, [4]],
    ]);
  });
});

describe('properties', () => {
  const facts = fc.record({
    loanId: fc.nat(),
    dpd: fc.integer({ min: 0, max: 800 }),
    overdueFen: fc.nat({ max: 10_000_000 }),
    tags: fc.subarray([...TAGS]),
    promise: fc.constantFrom(...PROMISE_STATES),
    daysToDue: fc.integer({ min: 0, max: 31 }),
  });
  const build = (x: { loanId: number; dpd: number; overdueFen: number; tags: (typeof TAGS)[number][]; promise: (typeof PROMISE_STATES)[number]; daysToDue: number }) =>
    overdue(x.dpd, { loanId: x.loanId, overdueFen: x.overdueFen, tags: x.tags, promise: x.promise, nextDue: addDays(asOf, x.daysToDue) as BusinessDate });

  it('a decision always comes from the matched segment, at a step the loan has reached', () => {
    fc.assert(
      fc.property(facts, (x) => {
        const f = build(x);
        const e = evaluateStrategy(DEFAULT_STRATEGY, f);
        if (e.decision === null) return;
        const segment = DEFAULT_STRATEGY.segments.find((s) => s.code === e.segment)!;
        const step = segment.treatments.find((t) => t.code === e.decision!.step)!;
        const day = f.dpd > 0 ? f.dpd : -x.daysToDue;
        expect(step.day).toBeLessThanOrEqual(day);
        expect(segment.treatments.filter((t) => t.day <= day).at(-1)).toBe(step);
        expect(e.explanation.matched.every((r) => r.passed)).toBe(true);
      }),
    );
  });

  it('deciding without the words gives the segment and the decision the explained evaluation gives', () => {
    fc.assert(
      fc.property(facts, fc.constantFrom(null, 'kept', 'broken'), (x, plan) => {
        const f = { ...build(x), planKeptSince: plan === 'kept' ? addDays(asOf, -9) : null, planBrokenOn: plan === 'broken' ? addDays(asOf, -2) : null };
        const e = evaluateStrategy(DEFAULT_STRATEGY, f);
        expect(decideStrategy(DEFAULT_STRATEGY, f)).toEqual({ loanId: e.loanId, strategy: e.strategy, group: e.group, segment: e.segment, decision: e.decision });
      }),
      { numRuns: 500 },
    );
  });

  it('held and deceased loans are never given a step', () => {
    fc.assert(
      fc.property(facts, fc.constantFrom('dispute', 'deceased', 'legal' as const), (x, hold) => {
        expect(evaluateStrategy(DEFAULT_STRATEGY, build({ ...x, tags: [...x.tags, hold] })).decision).toBeNull();
      }),
    );
  });

  it('currentStep is monotone in the day', () => {
    const steps = DEFAULT_STRATEGY.segments.find((s) => s.code === 'late')!.treatments;
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 400 }), fc.integer({ min: 0, max: 100 }), (a, gap) => {
        const i = steps.indexOf(currentStep(steps, a)?.step as never);
        const j = steps.indexOf(currentStep(steps, a + gap)?.step as never);
        expect(j).toBeGreaterThanOrEqual(i);
      }),
    );
  });
});

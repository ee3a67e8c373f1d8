import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../business-date.js';
import { DEFAULT_STRATEGY } from './default-strategy.js';
import { type CollectionFacts, evaluateStrategy } from './evaluate.js';

const d = parseBusinessDate;
const asOf = d('2026-11-22');

const facts = (extra: Partial<CollectionFacts>): CollectionFacts => ({
  loanId: 7,
  asOf,
  dpd: 10,
  bucket: 'M1',
  overdueFen: 304_219,
  product: 'new_car',
  branchCode: 'SH',
  riskGrade: null,
  tags: [],
  promise: 'none',
  oldestUnpaidDue: addDays(asOf, -10),
  nextDue: d('2026-11-30'),
  ...extra,
});

describe('a restructuring plan on the case', () => {
  it('pauses the steps while it is kept: the segment still takes the loan, no step is decided, and the reason says why', () => {
    const worked = evaluateStrategy(DEFAULT_STRATEGY, facts({}));
    expect(worked.decision).not.toBeNull();
    const paused = evaluateStrategy(DEFAULT_STRATEGY, facts({ planKeptSince: d('2026-11-15') }));
    expect(paused.segment).toBe(worked.segment);
    expect(paused.decision).toBeNull();
    expect(paused.explanation.step.en).toBe('a restructuring plan in force since 2026-11-15 is being kept: steps paused');
  });

  it('resumes them when it breaks, as a new task even at the step worked before the pause, the same one on every rerun', () => {
    const before = evaluateStrategy(DEFAULT_STRATEGY, facts({})).decision!;
    const resumed = evaluateStrategy(DEFAULT_STRATEGY, facts({ planBrokenOn: d('2026-11-21') })).decision!;
    expect(resumed.step).toBe(before.step);
    expect(resumed.key).toBe(`${before.key}~resumed@2026-11-21`);
    expect(evaluateStrategy(DEFAULT_STRATEGY, facts({ planBrokenOn: d('2026-11-21') })).decision!.key).toBe(resumed.key);
    expect(evaluateStrategy(DEFAULT_STRATEGY, facts({ planBrokenOn: d('2026-11-21') })).explanation.step.en).toContain('steps resumed when the restructuring plan broke on 2026-11-21');
  });
});

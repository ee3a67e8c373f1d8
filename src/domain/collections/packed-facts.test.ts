import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../business-date.js';
import type { CollectionFacts } from './evaluate.js';
import { packFacts, unpackFacts } from './packed-facts.js';
import { PROMISE_STATES, TAGS } from './strategy.js';

const day = fc.integer({ min: -4000, max: 4000 }).map((n) => addDays(parseBusinessDate('2026-11-22'), n));
const facts: fc.Arbitrary<CollectionFacts> = fc.record({
  loanId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  asOf: day,
  dpd: fc.integer({ min: 0, max: 5000 }),
  bucket: fc.constantFrom('M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7+'),
  overdueFen: fc.integer({ min: 0, max: 10_000_000_000 }),
  product: fc.string({ minLength: 1 }),
  branchCode: fc.string({ minLength: 1 }),
  riskGrade: fc.option(fc.constantFrom('A', 'B', 'C', 'D', 'E'), { nil: null }),
  tags: fc.subarray([...TAGS]),
  promise: fc.constantFrom(...PROMISE_STATES),
  oldestUnpaidDue: fc.option(day, { nil: null }),
  nextDue: fc.option(day, { nil: null }),
  planKeptSince: fc.option(day, { nil: null }),
  planBrokenOn: fc.option(day, { nil: null }),
});
// as the database hands it back: JSON
const stored = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

describe('a task’s packed facts', () => {
  it('read back as the facts they were packed from, through JSON', () => {
    fc.assert(
      fc.property(facts, (f) => {
        expect(unpackFacts(stored(packFacts(f)))).toEqual(f);
      }),
    );
  });

  it('are a list of values, much smaller than the object', () => {
    const f: CollectionFacts = {
      loanId: 1, asOf: parseBusinessDate('2026-11-21'), dpd: 30, bucket: 'M1', overdueFen: 297_778, product: 'new_car', branchCode: 'B2', riskGrade: null,
      tags: [], promise: 'none', oldestUnpaidDue: parseBusinessDate('2026-10-22'), nextDue: null, planKeptSince: null, planBrokenOn: null,
    };
    expect(packFacts(f)).toEqual([1, 1, '2026-11-21', 30, 'M1', 297_778, 'new_car', 'B2', null, [], 'none', '2026-10-22', null, null, null]);
    expect(JSON.stringify(packFacts(f)).length).toBeLessThan(JSON.stringify(f).length / 2);
  });

  it('read facts kept as an object as they are (tasks written before), an absent plan date as null once packed', () => {
    const before = { loanId: 7, asOf: '2026-01-28', dpd: 0, bucket: 'M0', overdueFen: 0, product: 'new_car', branchCode: 'BJ', riskGrade: null, tags: [], promise: 'none', oldestUnpaidDue: null, nextDue: '2026-01-31' };
    expect(unpackFacts(before)).toEqual(before);
    expect(unpackFacts(packFacts(before as unknown as CollectionFacts))).toEqual({ ...before, planKeptSince: null, planBrokenOn: null });
  });

  it('refuses a form it does not know, or something that is not facts, by name', () => {
    expect(() => unpackFacts([2, 1, 2, 3])).toThrow(/form 2/);
    expect(() => unpackFacts([1, 1, 2, 3])).toThrow(/3 values/);
    expect(() => unpackFacts('x')).toThrow(/neither/);
    expect(() => unpackFacts(null)).toThrow(/neither/);
  });
});

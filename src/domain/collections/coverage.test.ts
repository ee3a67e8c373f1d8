import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../business-date.js';
import { addToTally, checkCoverage, type CoverageFacts, DEFAULT_COVERAGE_SLAS, emptyTally, summariseCoverage, summaryOfTally } from './coverage.js';

const d = parseBusinessDate;
const due = d('2026-11-01');
const bucketOf = (dpd: number) => (dpd <= 30 ? 'M1' : dpd <= 60 ? 'M2' : dpd <= 90 ? 'M3' : 'M4');
const at = (dpd: number, extra: Partial<CoverageFacts> = {}): CoverageFacts => ({
  loanId: 1,
  asOf: addDays(due, dpd),
  dpd,
  bucket: bucketOf(dpd),
  oldestUnpaidDue: due,
  ownerSince: addDays(due, 1),
  attempts: [],
  holds: [],
  ...extra,
});
const check = (f: CoverageFacts) => checkCoverage(DEFAULT_COVERAGE_SLAS, f);

describe('coverage of an M1 loan (owner by day 1, first attempt by day 3, then weekly)', () => {
  it('is pending inside its window and says when it will fail', () => {
    expect(check(at(1, { ownerSince: null }))).toEqual({ loanId: 1, status: 'pending', reasons: [], deadline: '2026-11-03' });
    expect(check(at(3))).toEqual({ loanId: 1, status: 'pending', reasons: [], deadline: '2026-11-05' });
  });

  it('has no owner on day 2', () => {
    expect(check(at(2, { ownerSince: null }))).toMatchObject({ status: 'uncovered', reasons: ['no_owner'] });
  });

  it('has had no attempt on day 4', () => {
    expect(check(at(4))).toMatchObject({ status: 'uncovered', reasons: ['no_attempt'] });
    expect(check(at(4, { ownerSince: null }))).toMatchObject({ status: 'uncovered', reasons: ['no_owner', 'no_attempt'] });
  });

  it('a loan worked only by refused attempts is uncovered, and says so', () => {
    expect(check(at(4, { attempts: [{ on: addDays(due, 2), blocked: true }] }))).toMatchObject({ status: 'uncovered', reasons: ['only_blocked_attempts'] });
  });

  it('is covered after an attempt, until a week passes without another', () => {
    const attempts = [{ on: addDays(due, 2), blocked: false }];
    expect(check(at(9, { attempts }))).toEqual({ loanId: 1, status: 'covered', reasons: [], deadline: addDays(due, 10) });
    expect(check(at(10, { attempts }))).toMatchObject({ status: 'uncovered', reasons: ['no_recent_attempt'] });
  });

  it('a hold with a reason covers it; when the hold ends the clock starts again', () => {
    const holds = [{ kind: 'dispute', reason: '客户对账单有异议', from: addDays(due, 1), until: addDays(due, 20) }];
    expect(check(at(15, { holds }))).toEqual({ loanId: 1, status: 'held', reasons: [], deadline: addDays(due, 21) });
    expect(check(at(23, { holds, attempts: [{ on: addDays(due, 2), blocked: false }] }))).toMatchObject({ status: 'pending', deadline: addDays(due, 24) });
    expect(check(at(24, { holds, attempts: [{ on: addDays(due, 2), blocked: false }] }))).toMatchObject({ status: 'uncovered', reasons: ['hold_expired'] });
    expect(check(at(24, { holds, attempts: [{ on: addDays(due, 22), blocked: false }] })).status).toBe('covered');
  });

  it('an open-ended hold has no deadline', () => {
    expect(check(at(40, { holds: [{ kind: 'deceased', reason: '家属告知身故', from: due, until: null }] }))).toEqual({ loanId: 1, status: 'held', reasons: [], deadline: null });
  });

  it('M2 wants an attempt every 5 days', () => {
    const attempts = [{ on: addDays(due, 30), blocked: false }];
    expect(check(at(35, { attempts })).status).toBe('covered');
    expect(check(at(36, { attempts }))).toMatchObject({ status: 'uncovered', reasons: ['no_recent_attempt'] });
  });
});

describe('a branch that neglects its overdue loans', () => {
  it('has every neglected loan caught, with the reason, and the rest counted', () => {
    const neglected = Array.from({ length: 40 }, (_, i) => at(5 + i, { loanId: 100 + i, ownerSince: i % 2 === 0 ? null : due }));
    const worked = Array.from({ length: 10 }, (_, i) => at(5 + i, { loanId: 200 + i, attempts: [{ on: addDays(due, 4 + i), blocked: false }] }));
    const results = [...neglected, ...worked].map(check);
    const uncovered = results.filter((r) => r.status === 'uncovered').map((r) => r.loanId);
    expect(uncovered).toEqual(neglected.map((f) => f.loanId));
    const summary = summariseCoverage(results);
    expect(summary).toMatchObject({ overdue: 50, covered: 10, uncovered: 40, pending: 0, held: 0, rate: 0.2 });
    expect(summary.byReason).toEqual({ no_owner: 20, no_attempt: 40, only_blocked_attempts: 0, no_recent_attempt: 0, hold_expired: 0 });
  });

  it('properties: an uncovered loan always has a reason; a covered or pending one none; a daily real attempt keeps any owned loan covered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.boolean(), fc.array(fc.record({ day: fc.integer({ min: 0, max: 400 }), blocked: fc.boolean() }), { maxLength: 8 }), (dpd, owned, raw) => {
        const attempts = raw.filter((a) => a.day <= dpd).map((a) => ({ on: addDays(due, a.day), blocked: a.blocked }));
        const r = check(at(dpd, { ownerSince: owned ? due : null, attempts }));
        expect(r.status === 'uncovered').toBe(r.reasons.length > 0);
        const daily = Array.from({ length: dpd + 1 }, (_, i) => ({ on: addDays(due, i), blocked: false }));
        expect(check(at(dpd, { attempts: daily })).status).toBe('covered');
      }),
    );
  });
});

describe('a tally of results', () => {
  it('properties: counted one by one into tallies per unit, each unit sums as its results do, and the counts add up to the overdue', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dpd: fc.integer({ min: 1, max: 200 }), owned: fc.boolean(), attempt: fc.option(fc.integer({ min: 0, max: 200 })), unit: fc.integer({ min: 0, max: 3 }) }), { maxLength: 60 }),
        (loans) => {
          const checked = loans.map((l, i) => ({
            unit: l.unit,
            result: check(at(l.dpd, { loanId: i, ownerSince: l.owned ? due : null, attempts: l.attempt !== null && l.attempt <= l.dpd ? [{ on: addDays(due, l.attempt), blocked: false }] : [] })),
          }));
          const tallies = new Map<number, ReturnType<typeof emptyTally>>();
          for (const c of checked) {
            if (!tallies.has(c.unit)) tallies.set(c.unit, emptyTally());
            addToTally(tallies.get(c.unit)!, c.result);
          }
          for (const [unit, t] of tallies) {
            const s = summaryOfTally(t);
            expect(s).toEqual(summariseCoverage(checked.filter((c) => c.unit === unit).map((c) => c.result)));
            expect(s.covered + s.pending + s.held + s.uncovered).toBe(s.overdue);
          }
          expect(summariseCoverage([])).toMatchObject({ overdue: 0, rate: 1 });
        },
      ),
    );
  });

  it('gives a summary that later counting does not change', () => {
    const t = emptyTally();
    addToTally(t, check(at(10, { ownerSince: null })));
    const s = summaryOfTally(t);
    addToTally(t, check(at(10, { ownerSince: null })));
    expect(s).toMatchObject({ overdue: 1, uncovered: 1, byReason: { no_owner: 1 } });
    expect(summaryOfTally(t)).toMatchObject({ overdue: 2, uncovered: 2, byReason: { no_owner: 2 } });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type BusinessDate, parseBusinessDate } from '../business-date.js';
import { checkPromise, InvalidPromise, type PromiseToPay } from './promise.js';

const d = parseBusinessDate;
const twoPart: PromiseToPay = {
  madeOn: d('2026-11-10'),
  instalments: [
    { dueDate: d('2026-11-15'), amountFen: 100_000 },
    { dueDate: d('2026-11-30'), amountFen: 200_000 },
  ],
  graceDays: 1,
  toleranceFen: 0,
};
const pay = (valueDate: string, amountFen: number) => ({ valueDate: d(valueDate), amountFen });

describe('promises to pay', () => {
  it('is open until its date plus grace, then kept or broken', () => {
    expect(checkPromise(twoPart, [], d('2026-11-16')).instalments[0]!.state).toBe('open');
    const broken = checkPromise(twoPart, [], d('2026-11-17'));
    expect(broken.state).toBe('broken');
    expect(broken.brokenOn).toBe('2026-11-15');
    const paidInGrace = checkPromise(twoPart, [pay('2026-11-16', 100_000)], d('2026-11-17'));
    expect(paidInGrace.state).toBe('active');
    expect(paidInGrace.instalments.map((x) => x.state)).toEqual(['kept', 'open']);
  });

  it('a payment before the promise was made does not count', () => {
    expect(checkPromise(twoPart, [pay('2026-11-09', 300_000)], d('2026-11-20')).state).toBe('broken');
  });

  it('a larger early payment keeps the later instalment too', () => {
    const r = checkPromise(twoPart, [pay('2026-11-12', 300_000)], d('2026-11-13'));
    expect(r.state).toBe('kept');
    expect(r.instalments.map((x) => x.paidFen)).toEqual([100_000, 200_000]);
  });

  it('a short payment breaks the promise unless within tolerance', () => {
    const short = [pay('2026-11-15', 99_990)];
    expect(checkPromise(twoPart, short, d('2026-11-17')).state).toBe('broken');
    expect(checkPromise({ ...twoPart, toleranceFen: 10 }, short, d('2026-11-17')).instalments[0]!.state).toBe('kept');
  });

  it('a second instalment missed after a kept first one breaks on its own date', () => {
    const r = checkPromise(twoPart, [pay('2026-11-15', 100_000), pay('2026-11-30', 150_000)], d('2026-12-02'));
    expect(r.state).toBe('broken');
    expect(r.brokenOn).toBe('2026-11-30');
    expect(r.instalments.map((x) => [x.state, x.paidFen])).toEqual([
      ['kept', 100_000],
      ['broken', 150_000],
    ]);
  });

  it('refuses nonsense promises with the field named', () => {
    const bad = (p: Partial<PromiseToPay>, field: string) => {
      try {
        checkPromise({ ...twoPart, ...p }, [], d('2026-11-20'));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidPromise);
        expect((e as InvalidPromise).field).toBe(field);
      }
    };
    bad({ instalments: [] }, 'instalments');
    bad({ instalments: [{ dueDate: d('2026-11-15'), amountFen: 0 }] }, 'instalments.0.amountFen');
    bad({ instalments: [{ dueDate: d('2026-11-09'), amountFen: 5 }] }, 'instalments.0.dueDate');
    bad({ instalments: [{ dueDate: d('2026-11-15'), amountFen: 5 }, { dueDate: d('2026-11-15'), amountFen: 5 }] }, 'instalments.1.dueDate');
    bad({ graceDays: -1 }, 'graceDays');
  });

  it('properties: paying everything on the day it is made keeps it; paying nothing breaks it after the last date', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ gap: fc.integer({ min: 1, max: 20 }), amountFen: fc.integer({ min: 1, max: 10_000_000 }) }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 5 }), (parts, graceDays) => {
        const madeOn = d('2026-01-05');
        let due: BusinessDate = madeOn;
        const instalments = parts.map((p) => ({ dueDate: (due = addDays(due, p.gap)), amountFen: p.amountFen }));
        const promise = { madeOn, instalments, graceDays, toleranceFen: 0 };
        const total = parts.reduce((s, p) => s + p.amountFen, 0);
        const end = addDays(due, graceDays + 1);
        expect(checkPromise(promise, [{ valueDate: madeOn, amountFen: total }], end).state).toBe('kept');
        expect(checkPromise(promise, [], end).state).toBe('broken');
        expect(checkPromise(promise, [], madeOn).state).toBe('active');
      }),
    );
  });
});

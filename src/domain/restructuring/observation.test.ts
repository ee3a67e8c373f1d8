import { describe, expect, it } from 'vitest';
import { type BusinessDate, parseBusinessDate } from '../business-date.js';
import { monthlyDueDate } from '../due-dates.js';
import { observation } from './observation.js';

const d = parseBusinessDate;
// a 6-month extension agreed on 2026-11-22: 18 monthly installments from 2026-12-15
const dueDates = Array.from({ length: 18 }, (_, i) => monthlyDueDate(d('2026-12-15'), i));
const paidOnTimeExcept = (missed: number[]): (BusinessDate | null)[] => dueDates.map((due, i) => (missed.includes(i) ? null : due));

describe('restructuring observation period', () => {
  it('runs from the change through a year from the first due date, then lifts when paid on time', () => {
    const settled = paidOnTimeExcept([]);
    const at = (asOf: string) => observation({ dueDates, settledOn: settled, wasNonPerforming: false, asOf: d(asOf), graceDays: 0 });
    expect(at('2026-11-23')).toMatchObject({ observed: true, periodStart: '2026-12-15', earliestEnd: '2027-12-14', classFloor: 'special_mention', stageFloor: 2 });
    expect(at('2027-12-14').observed).toBe(true);
    expect(at('2027-12-15')).toMatchObject({ observed: false, classFloor: null, stageFloor: null, missed: [] });
  });

  it('keeps a non-performing loan at 次级 while observed', () => {
    expect(observation({ dueDates, settledOn: paidOnTimeExcept([]), wasNonPerforming: true, asOf: d('2027-03-01'), graceDays: 0 }).classFloor).toBe('substandard');
  });

  it('a payment missed in month 4 restarts the period from the next due date', () => {
    const settled = paidOnTimeExcept([3]);
    const r = observation({ dueDates, settledOn: settled, wasNonPerforming: false, asOf: d('2027-04-20'), graceDays: 0 });
    expect(r).toMatchObject({ observed: true, missed: ['2027-03-15'], periodStart: '2027-04-15', earliestEnd: '2028-04-14' });
    expect(observation({ dueDates, settledOn: settled, wasNonPerforming: false, asOf: d('2028-04-14'), graceDays: 0 }).observed).toBe(true);
    expect(observation({ dueDates, settledOn: settled, wasNonPerforming: false, asOf: d('2028-04-15'), graceDays: 0 }).observed).toBe(false);
  });

  it('a payment within the grace days is on time; one day later is a miss', () => {
    const late = dueDates.map((due, i) => (i === 1 ? (d('2027-01-18') as BusinessDate) : due));
    expect(observation({ dueDates, settledOn: late, wasNonPerforming: false, asOf: d('2027-02-01'), graceDays: 3 }).missed).toEqual([]);
    expect(observation({ dueDates, settledOn: late, wasNonPerforming: false, asOf: d('2027-02-01'), graceDays: 2 }).missed).toEqual(['2027-01-15']);
  });

  it('an unpaid installment whose grace has not run out is not yet a miss', () => {
    expect(observation({ dueDates, settledOn: paidOnTimeExcept([0]), wasNonPerforming: false, asOf: d('2026-12-15'), graceDays: 0 }).missed).toEqual([]);
    expect(observation({ dueDates, settledOn: paidOnTimeExcept([0]), wasNonPerforming: false, asOf: d('2026-12-16'), graceDays: 0 }).missed).toEqual(['2026-12-15']);
  });

  it('a short plan still needs two installments: the period ends on the second due date if later than a year', () => {
    const two = [d('2026-12-15'), d('2028-06-15')];
    const r = observation({ dueDates: two, settledOn: two, wasNonPerforming: false, asOf: d('2028-01-01'), graceDays: 0 });
    expect(r).toMatchObject({ observed: true, earliestEnd: '2028-06-15' });
    expect(observation({ dueDates: two, settledOn: two, wasNonPerforming: false, asOf: d('2028-06-16'), graceDays: 0 }).observed).toBe(false);
  });

  it('a miss on the last installment leaves it observed: no due date is left to start a new period', () => {
    const r = observation({ dueDates, settledOn: paidOnTimeExcept([17]), wasNonPerforming: false, asOf: d('2028-07-01'), graceDays: 0 });
    expect(r).toMatchObject({ observed: true, periodStart: null, earliestEnd: null });
  });
});

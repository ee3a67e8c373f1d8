import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../business-date.js';
import { checkMobile, checkResidentId } from '../identity.js';
import { birthDateOfResidentId, genderOfResidentId } from './id-numbers.js';
import { ageOn, borrowerBirthDate, generateIndividual, INCOME_CEILING_FEN, INCOME_FLOOR_FEN, MAX_BORROWER_AGE, MIN_BORROWER_AGE, monthlyIncomeFen, yearsBefore } from './people.js';
import { REGIONS } from './regions.js';
import { rngFor } from './rng.js';

const asOf = parseBusinessDate('2026-03-31');
const d = parseBusinessDate;
const businessDate = fc.integer({ min: 0, max: 40 * 366 }).map((n) => addDays(d('2000-01-01'), n));

describe('generated individuals', () => {
  it('are the same for the same seed and differ between seeds', () => {
    expect(generateIndividual(rngFor('s', 'person', 1), asOf)).toEqual(generateIndividual(rngFor('s', 'person', 1), asOf));
    expect(generateIndividual(rngFor('s', 'person', 1), asOf)).not.toEqual(generateIndividual(rngFor('t', 'person', 1), asOf));
    expect(generateIndividual(rngFor('s', 'person', 1), asOf).residentId).not.toBe(generateIndividual(rngFor('s', 'person', 2), asOf).residentId);
  });

  it('carry valid, mutually consistent ID numbers, ages, phones and addresses', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), businessDate, (seed, i, on) => {
        const p = generateIndividual(rngFor(seed, 'person', i), on);
        expect(checkResidentId(p.residentId)).toEqual({ ok: true });
        expect(p.residentId.slice(0, 6)).toBe(p.region.code);
        expect(birthDateOfResidentId(p.residentId)).toBe(p.birthDate);
        expect(genderOfResidentId(p.residentId)).toBe(p.gender);
        const age = ageOn(p.birthDate, on);
        expect(age).toBeGreaterThanOrEqual(MIN_BORROWER_AGE);
        expect(age).toBeLessThanOrEqual(MAX_BORROWER_AGE);
        expect(checkMobile(p.mobile)).toEqual({ ok: true });
        expect(p.name).toMatch(/^\p{Script=Han}{2,3}$/u);
        expect(p.address.city).toBe(p.region.city);
        expect(p.address.full).toContain(p.region.district);
        expect(p.monthlyIncomeFen).toBeGreaterThanOrEqual(INCOME_FLOOR_FEN);
        expect(p.monthlyIncomeFen).toBeLessThanOrEqual(INCOME_CEILING_FEN);
        expect(p.monthlyIncomeFen % 10_000).toBe(0);
        expect(p.emergencyContacts).toHaveLength(2);
        const mobiles = new Set([p.mobile, ...p.emergencyContacts.map((c) => c.mobile)]);
        expect(mobiles.size).toBe(3);
        for (const c of p.emergencyContacts) expect(checkMobile(c.mobile)).toEqual({ ok: true });
        if (age < 45) expect(p.emergencyContacts.map((c) => c.relation)).not.toContain('子女');
      }),
      { numRuns: 300 },
    );
  });

  it('reaches both ends of the age range, also around 29 February', () => {
    for (const on of [d('2024-02-29'), d('2025-02-28'), d('2025-03-01')]) {
      const ages = new Set<number>();
      for (let i = 0; i < 5000; i++) ages.add(ageOn(borrowerBirthDate(rngFor('age', i), on), on));
      expect(Math.min(...ages)).toBe(MIN_BORROWER_AGE);
      expect(Math.max(...ages)).toBe(MAX_BORROWER_AGE);
    }
  });

  it('counts ages in completed years', () => {
    expect(ageOn(d('2000-03-31'), d('2026-03-30'))).toBe(25);
    expect(ageOn(d('2000-03-31'), d('2026-03-31'))).toBe(26);
    expect(ageOn(d('2004-02-29'), d('2026-02-28'))).toBe(21);
    expect(ageOn(d('2004-02-29'), d('2026-03-01'))).toBe(22);
    expect(yearsBefore(d('2024-02-29'), 1)).toBe('2023-02-28');
  });

  it('draws incomes around a 9,000-yuan median', () => {
    const incomes = Array.from({ length: 5000 }, (_, i) => monthlyIncomeFen(rngFor('income', i), 'employee')).sort((a, b) => a - b);
    const median = incomes[2500] ?? 0;
    expect(median).toBeGreaterThan(8_000_00);
    expect(median).toBeLessThan(10_000_00);
  });

  it('spreads borrowers over every region and favours common surnames', () => {
    const people = Array.from({ length: 3000 }, (_, i) => generateIndividual(rngFor('spread', i), asOf));
    expect(new Set(people.map((p) => p.region.code)).size).toBe(REGIONS.length);
    const wang = people.filter((p) => p.name.startsWith('王')).length / people.length;
    expect(wang).toBeGreaterThan(0.05);
    expect(wang).toBeLessThan(0.12);
    const men = people.filter((p) => p.gender === 'M').length / people.length;
    expect(men).toBeGreaterThan(0.6);
    expect(men).toBeLessThan(0.76);
  });

  it('uses only real-looking region codes with roads', () => {
    for (const r of REGIONS) {
      expect(r.code).toMatch(/^[1-6]\d{5}$/);
      expect(r.roads.length).toBeGreaterThan(0);
    }
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length);
  });
});

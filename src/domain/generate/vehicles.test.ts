import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, parseBusinessDate } from '../business-date.js';
import { checkVin } from '../identity.js';
import { type Region, regionByCode, REGIONS } from './regions.js';
import { rngFor } from './rng.js';
import { VEHICLE_MODELS } from './vehicle-catalog.js';
import { generateVehicle, MAX_USED_AGE_YEARS, USED_SHARE } from './vehicles.js';
import { modelYearCode } from './vin.js';

const asOf = parseBusinessDate('2026-03-31');
const region = regionByCode('440305') as Region; // 深圳南山: 粤B
const businessDate = fc.integer({ min: 0, max: 30 * 366 }).map((n) => addDays(parseBusinessDate('2005-01-01'), n));

describe('model-year codes', () => {
  it('follow the ISO 3779 30-year cycle', () => {
    expect(modelYearCode(2001)).toBe('1');
    expect(modelYearCode(2009)).toBe('9');
    expect(modelYearCode(2010)).toBe('A');
    expect(modelYearCode(2018)).toBe('J');
    expect(modelYearCode(2024)).toBe('R');
    expect(modelYearCode(2026)).toBe('T');
    expect(modelYearCode(2030)).toBe('Y');
    expect(modelYearCode(2031)).toBe('1');
  });
});

describe('generated vehicles', () => {
  it('are the same for the same seed and differ between seeds', () => {
    expect(generateVehicle(rngFor('s', 'v', 1), asOf, region)).toEqual(generateVehicle(rngFor('s', 'v', 1), asOf, region));
    expect(generateVehicle(rngFor('s', 'v', 1), asOf, region).vin).not.toBe(generateVehicle(rngFor('t', 'v', 1), asOf, region).vin);
  });

  it('carry valid VINs with the maker WMI and model year, and plates of the borrower city', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(), fc.constantFrom(...REGIONS), businessDate, (seed, i, where, on) => {
        const v = generateVehicle(rngFor(seed, 'vehicle', i), on, where);
        const model = VEHICLE_MODELS.find((m) => m.brand === v.brand && m.model === v.model);
        expect(checkVin(v.vin)).toEqual({ ok: true });
        expect(v.vin.slice(0, 3)).toBe(model?.wmi);
        expect(v.vin[9]).toBe(modelYearCode(v.modelYear));
        const prefix = `${where.plateProvince}[${where.plateLetters.join('')}]·`;
        const serial = v.powertrain === 'bev' ? 'D[A-HJ-NP-Z0-9]\\d{4}' : v.powertrain === 'phev' ? 'F[A-HJ-NP-Z0-9]\\d{4}' : '[A-HJ-NP-Z0-9]{5}';
        expect(v.plate).toMatch(new RegExp(`^${prefix}${serial}$`));
        if (v.powertrain === 'ice') expect((v.plate.slice(3).match(/[A-Z]/g) ?? []).length).toBeLessThanOrEqual(2);
        expect(v.gpsDeviceId).toMatch(/^GPS\d{12}$/);
        expect(Number.isSafeInteger(v.priceFen) && v.priceFen > 0).toBe(true);
        expect(v.priceFen).toBeLessThanOrEqual(v.newPriceFen);
        const year = Number(on.slice(0, 4));
        if (v.condition === 'new') {
          expect(v.modelYear).toBe(year);
          expect(v.mileageKm).toBeLessThanOrEqual(50);
        } else {
          expect(v.modelYear).toBeLessThan(year);
          expect(v.modelYear).toBeGreaterThanOrEqual(year - MAX_USED_AGE_YEARS);
          expect(v.priceFen).toBeLessThan(v.newPriceFen);
          expect(v.mileageKm).toBeGreaterThanOrEqual(1000);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('sell mostly new cars, with used ones older, more driven and cheaper than new', () => {
    const cars = Array.from({ length: 5000 }, (_, i) => generateVehicle(rngFor('mix', i), asOf, region));
    const used = cars.filter((c) => c.condition === 'used');
    expect(used.length / cars.length).toBeCloseTo(USED_SHARE, 1);
    expect(used.every((u) => u.priceFen < u.newPriceFen && u.modelYear < 2026 && u.mileageKm > 50)).toBe(true);
    // Used cars never predate their model's launch in China.
    for (const u of used) expect(u.modelYear).toBeGreaterThanOrEqual(VEHICLE_MODELS.find((m) => m.model === u.model)?.since ?? 0);
    expect(new Set(cars.map((c) => c.segment))).toEqual(new Set(['economy', 'mid', 'luxury', 'SUV', 'MPV', 'new-energy', 'commercial']));
    const medianPrice = cars.map((c) => c.priceFen).sort((a, b) => a - b)[2500] ?? 0;
    expect(medianPrice).toBeGreaterThan(10_0000_00);
    expect(medianPrice).toBeLessThan(25_0000_00);
  });

  it('lists each model once with a VIN-safe descriptor', () => {
    expect(new Set(VEHICLE_MODELS.map((m) => `${m.brand} ${m.model}`)).size).toBe(VEHICLE_MODELS.length);
    for (const m of VEHICLE_MODELS) {
      expect(m.wmi).toMatch(/^[A-HJ-NPR-Z0-9]{3}$/);
      expect(m.vds).toMatch(/^[A-HJ-NPR-Z0-9]{3}$/);
      expect(m.plants).toMatch(/^[A-HJ-NPR-Z0-9]+$/);
      expect(m.priceWan[0]).toBeLessThan(m.priceWan[1]);
    }
  });
});

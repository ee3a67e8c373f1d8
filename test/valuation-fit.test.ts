import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fitSegment, type Listing, SEGMENTS, segmentOf } from '../src/domain/valuation/depreciation.js';

const dir = path.resolve(import.meta.dirname, '../../shared/data/uk_used_cars');
const MILE_KM = 1.609344;
const DATA_YEAR = 2020;

/** The real listings, cleaned as shared/data/README.md warns: impossible years, zero prices. */
function listings(): Listing[] {
  const rows: Listing[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    for (const r of parse(fs.readFileSync(path.join(dir, file)), { columns: true, skip_empty_lines: true }) as Record<string, string>[]) {
      const year = Number(r.year);
      const price = Number(r.price);
      const miles = Number(r.mileage);
      if (!(year >= 2000 && year <= DATA_YEAR && price > 500 && miles >= 0 && miles < 300_000)) continue;
      rows.push({ make: r.make!, model: r.model!, segment: segmentOf(r.model!, r.fuelType!), ageYears: DATA_YEAR - year, km: miles * MILE_KM, price });
    }
  }
  return rows;
}

describe.skipIf(!fs.existsSync(dir))('depreciation fitted on the UK used-car listings', () => {
  it('every segment fits, with decay rates a lender would recognise', () => {
    const all = listings();
    expect(all.length).toBeGreaterThan(98_000);
    const fits = SEGMENTS.map((s) => fitSegment(s, all.filter((l) => l.segment === s)));
    console.log(
      fits
        .map((f) => `${f.segment.padEnd(10)} n=${f.listings} models=${f.models} per year ${(100 * (Math.exp(f.perYear) - 1)).toFixed(1)} % per 10,000 km ${(100 * (Math.exp(f.per10kKm) - 1)).toFixed(1)} % R² ${f.r2Within.toFixed(3)} RMSE(ln) ${f.rmseLog.toFixed(3)} median APE ${(100 * f.medianApe).toFixed(1)} %`)
        .join('\n'),
    );
    for (const f of fits) {
      // between 3 % and 25 % a year, and some loss per 10,000 km, in every segment
      expect(Math.exp(f.perYear)).toBeGreaterThan(0.75);
      expect(Math.exp(f.perYear)).toBeLessThan(0.97);
      expect(f.per10kKm).toBeLessThan(0);
      expect(f.r2Within).toBeGreaterThan(0.5);
      expect(f.medianApe).toBeLessThan(0.15);
    }
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { fitSegment, type Listing, type SegmentFit, SEGMENTS, segmentOf } from '../../domain/valuation/depreciation.js';

/**
 * The UK used-car listings (shared/data/uk_used_cars), read and cleaned as the data's README warns
 * (impossible years, zero prices), and the per-segment fit over them. Only the decay rates are
 * used: prices are pounds and mileage miles, converted to km; the data year 2020 is the age origin.
 */
export const DEFAULT_LISTINGS_DIR = path.resolve(import.meta.dirname, '../../../../shared/data/uk_used_cars');
const MILE_KM = 1.609344;
const DATA_YEAR = 2020;

export interface ListingsRead {
  listings: Listing[];
  files: string[];
  /** sha-256 over the file names and bytes, in name order: which data a stored fit came from */
  dataHash: string;
}

export function readListings(dir: string = DEFAULT_LISTINGS_DIR): ListingsRead {
  if (!fs.existsSync(dir)) throw new Error(`no listings folder at ${dir}`);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
  if (files.length === 0) throw new Error(`no .csv files in ${dir}`);
  const hash = createHash('sha256');
  const listings: Listing[] = [];
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(dir, file));
    hash.update(file).update('\0').update(bytes);
    for (const r of parse(bytes, { columns: true, skip_empty_lines: true }) as Record<string, string>[]) {
      const year = Number(r.year);
      const price = Number(r.price);
      const miles = Number(r.mileage);
      if (!(year >= 2000 && year <= DATA_YEAR && price > 500 && miles >= 0 && miles < 300_000)) continue;
      if (!r.make || !r.model) continue;
      listings.push({ make: r.make, model: r.model, segment: segmentOf(r.model, r.fuelType ?? ''), ageYears: DATA_YEAR - year, km: miles * MILE_KM, price });
    }
  }
  return { listings, files, dataHash: hash.digest('hex') };
}

export function fitAllSegments(listings: readonly Listing[]): SegmentFit[] {
  return SEGMENTS.map((s) => fitSegment(s, listings.filter((l) => l.segment === s)));
}

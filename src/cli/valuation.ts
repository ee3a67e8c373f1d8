import { parseArgs } from 'node:util';
import type { SegmentFit } from '../domain/valuation/depreciation.js';
import { storeFit } from '../modules/collateral/fits.js';
import { DEFAULT_LISTINGS_DIR, fitAllSegments, readListings } from '../modules/collateral/uk-listings.js';
import { CliError, cliConfig, cliWho, requireCurrentSchema, withDatabase } from './context.js';

export const VALUATION_USAGE = `usage: daihou valuation fit [--data DIR] [--dry-run] [--json]
Fits the depreciation of every segment (economy, mid, luxury, suv, mpv, new_energy) on the used-car
listings in DIR (default: shared/data/uk_used_cars), prints each segment's fit and error, and stores
it as the next version (the one valuations use from the next close). --dry-run stores nothing; with
--json the last line is the fits as JSON.`;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function describeFit(f: SegmentFit): string {
  return [
    f.segment.padEnd(10),
    `n=${String(f.listings).padStart(6)}`,
    `models=${String(f.models).padStart(3)}`,
    `每年 per year ${pct(Math.exp(f.perYear) - 1).padStart(6)}`,
    `每万公里 per 10,000 km ${pct(Math.exp(f.per10kKm) - 1).padStart(5)}`,
    `R² ${f.r2Within.toFixed(3)}`,
    `RMSE(ln) ${f.rmseLog.toFixed(3)}`,
    `median APE ${pct(f.medianApe)}`,
  ].join('  ');
}

/** `daihou valuation fit …`; returns what to print. */
export async function valuationCommand(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { data: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return VALUATION_USAGE;
  if (positionals[0] !== 'fit' || positionals.length > 1) throw new CliError(VALUATION_USAGE, 2);
  const dir = values.data ?? DEFAULT_LISTINGS_DIR;
  let read;
  try {
    read = readListings(dir);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const fits = fitAllSegments(read.listings);
  const lines = [`${read.listings.length} listings from ${read.files.length} files in ${dir} (sha-256 ${read.dataHash.slice(0, 16)}…)`, ...fits.map(describeFit)];
  if (!values['dry-run']) {
    const version = await withDatabase(cliConfig(), async (database) => {
      await requireCurrentSchema(database);
      return storeFit(database.db, cliWho(), fits, read.dataHash, `listings:${read.files.join(',')}`);
    });
    lines.push(`stored as fit version ${version}: valuations use it from the next close`);
  }
  if (values.json) lines.push(JSON.stringify({ dataHash: read.dataHash, fits }));
  return lines.join('\n');
}

import fs from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { describeFit, valuationCommand } from '../../src/cli/valuation.js';
import type { SegmentFit } from '../../src/domain/valuation/depreciation.js';
import { storeFit } from '../../src/modules/collateral/fits.js';
import { currentFits } from '../../src/modules/collateral/settings.js';
import { DEFAULT_LISTINGS_DIR, fitAllSegments, readListings } from '../../src/modules/collateral/uk-listings.js';
import { describeEachDatabase } from '../support/databases.js';

const haveData = fs.existsSync(DEFAULT_LISTINGS_DIR);
let fits: SegmentFit[] = [];
let dataHash = '';
beforeAll(() => {
  if (!haveData) return;
  const read = readListings();
  fits = fitAllSegments(read.listings);
  dataHash = read.dataHash;
});

describeEachDatabase('the stored depreciation fit', (ctx) => {
  it.skipIf(!haveData)('the fit the migration seeds is the one `daihou valuation fit` computes from the listings', async () => {
    const seeded = await ctx.database.db.selectFrom('valuation_fit').selectAll().where('version', '=', 1).execute();
    expect(seeded).toHaveLength(6);
    for (const f of fits) {
      const s = seeded.find((r) => r.segment === f.segment)!;
      expect(s).toMatchObject({ data_hash: dataHash, listings: f.listings, models: f.models });
      for (const [column, value] of [['per_year', f.perYear], ['per_10k_km', f.per10kKm], ['r2_within', f.r2Within], ['rmse_log', f.rmseLog], ['median_ape', f.medianApe]] as const) {
        expect(Math.abs(s[column] - value)).toBeLessThan(1e-12);
      }
    }
  });

  it.skipIf(!haveData)('a new fit is the next version, used from then on; the old one stays', async () => {
    const faster = fits.map((f) => ({ ...f, perYear: f.perYear * 2 }));
    const version = await storeFit(ctx.database.db, { userId: null, name: 'test' }, faster, dataHash, 'test');
    expect(version).toBe(2);
    const current = await currentFits(ctx.database.db);
    expect(current.get('suv')).toMatchObject({ version: 2, perYear: faster.find((f) => f.segment === 'suv')!.perYear });
    expect(await ctx.database.db.selectFrom('valuation_fit').select('version').where('version', '=', 1).execute()).toHaveLength(6);
    await expect(ctx.database.db.deleteFrom('valuation_fit').where('version', '=', 1).execute()).rejects.toThrow(/append-only/);
  });
});

it.skipIf(!haveData)('daihou valuation fit --dry-run prints every segment’s fit and error', async () => {
  const out = await valuationCommand(['fit', '--dry-run', '--json']);
  const lines = out.split('\n');
  expect(lines[0]).toMatch(/^\d{5,} listings from 9 files in .*uk_used_cars \(sha-256 [0-9a-f]{16}…\)$/);
  expect(lines.slice(1, 7)).toEqual(fits.map(describeFit));
  expect(lines[1]).toMatch(/^economy +n= 24691 +models= 21 +每年 per year +-8\.8% +每万公里 per 10,000 km -3\.7% +R² 0\.800 +RMSE\(ln\) 0\.130 +median APE 8\.0%$/);
  expect(JSON.parse(lines.at(-1)!).fits).toHaveLength(6);
  await expect(valuationCommand(['fitt'])).rejects.toThrow(/usage: daihou valuation fit/);
});

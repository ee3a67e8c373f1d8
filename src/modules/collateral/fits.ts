import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SegmentFit } from '../../domain/valuation/depreciation.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

/** Stores a fit of every segment as the next version; returns the version. */
export async function storeFit(db: Kysely<DB>, who: AuditWho, fits: readonly SegmentFit[], dataHash: string, source: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // one fit at a time: the next version number is read and used under the lock
    await sql`LOCK TABLE valuation_fit IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const { max } = await trx.selectFrom('valuation_fit').select((s) => s.fn.max('version').as('max')).executeTakeFirstOrThrow();
    const version = (max ?? 0) + 1;
    await trx
      .insertInto('valuation_fit')
      .values(
        fits.map((f) => ({
          version,
          segment: f.segment,
          per_year: f.perYear,
          per_10k_km: f.per10kKm,
          r2_within: f.r2Within,
          rmse_log: f.rmseLog,
          median_ape: f.medianApe,
          listings: f.listings,
          models: f.models,
          data_hash: dataHash,
          source,
          fitted_by: who.name,
        })),
      )
      .execute();
    await recordAudit(trx, who, { action: 'valuation_fit.store', entityType: 'valuation_fit', entityId: version, after: { dataHash, source, segments: fits.map((f) => f.segment) } });
    return version;
  });
}

export async function listFits(db: Kysely<DB>) {
  const rows = await db.selectFrom('valuation_fit').selectAll().orderBy('version', 'desc').orderBy('segment').execute();
  return rows.map((r) => ({
    version: r.version,
    segment: r.segment,
    perYear: r.per_year,
    per10kKm: r.per_10k_km,
    r2Within: r.r2_within,
    rmseLog: r.rmse_log,
    medianApe: r.median_ape,
    listings: r.listings,
    models: r.models,
    dataHash: r.data_hash,
    source: r.source,
    fittedBy: r.fitted_by,
    fittedAt: r.fitted_at,
  }));
}

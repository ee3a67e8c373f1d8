import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, ValuationSegment } from '../../db/schema.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

const HEAD_OFFICE = '/HO/';

export async function listMarketIndex(db: Kysely<DB>) {
  const rows = await db.selectFrom('market_index').selectAll().orderBy('segment').orderBy('month').execute();
  return rows.map((r) => ({ segment: r.segment, month: r.month, points: Number(r.points), setBy: r.set_by, setAt: r.set_at }));
}

/** Sets one month of a segment's index; the audit log keeps what it was. */
export async function setMarketIndex(db: Kysely<DB>, who: AuditWho, segment: ValuationSegment, month: string, points: number, reason: string) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('market_index').select('points').where('segment', '=', segment).where('month', '=', month).forUpdate().executeTakeFirst();
    const row = await trx
      .insertInto('market_index')
      .values({ segment, month, points: points.toFixed(2), set_by: who.name })
      .onConflict((oc) => oc.columns(['segment', 'month']).doUpdateSet({ points: points.toFixed(2), set_by: who.name, set_at: sql<string>`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'market_index.set', entityType: 'market_index', entityId: `${segment}/${month}`, branchPath: HEAD_OFFICE, before: before ? { points: Number(before.points) } : null, after: { points }, reason });
    return { segment: row.segment, month: row.month, points: Number(row.points), setBy: row.set_by, setAt: row.set_at };
  });
}

export async function listLtvThresholds(db: Kysely<DB>) {
  const rows = await db.selectFrom('ltv_threshold').selectAll().orderBy('product_code').execute();
  return rows.map((r) => ({ product: r.product_code, thresholdBp: r.threshold_bp, setBy: r.set_by, setAt: r.set_at }));
}

export async function setLtvThreshold(db: Kysely<DB>, who: AuditWho, product: string, thresholdBp: number, reason: string) {
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('product').select('code').where('code', '=', product).executeTakeFirst();
    if (!exists) throw new AppError('not-found', { 'zh-CN': `没有产品 ${product}`, 'en-US': `no product ${product}` });
    const before = await trx.selectFrom('ltv_threshold').select('threshold_bp').where('product_code', '=', product).forUpdate().executeTakeFirst();
    const row = await trx
      .insertInto('ltv_threshold')
      .values({ product_code: product, threshold_bp: thresholdBp, set_by: who.name })
      .onConflict((oc) => oc.column('product_code').doUpdateSet({ threshold_bp: thresholdBp, set_by: who.name, set_at: sql<string>`now()` }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'ltv_threshold.set', entityType: 'ltv_threshold', entityId: product, branchPath: HEAD_OFFICE, before: before ? { thresholdBp: before.threshold_bp } : null, after: { thresholdBp }, reason });
    return { product: row.product_code, thresholdBp: row.threshold_bp, setBy: row.set_by, setAt: row.set_at };
  });
}

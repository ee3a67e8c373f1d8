import { type Kysely, sql } from 'kysely';
import { branchIdsInScope, requireInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import type { DB } from '../../db/schema.js';
import { LTV_BANDS, type LtvBand } from './ltv-bands.js';

/**
 * The LTV distribution reads loan_ltv, which close of business keeps (one row per active loan with
 * a valued vehicle), and adds it up in the database: one grouped query whatever the book's size.
 * The chosen node is a branch in the caller's subtree (their own by default); it covers its subtree.
 */

export interface DistributionQuery {
  branchId?: number | undefined;
  product?: string | undefined;
}

/** The band of loan_ltv.ltv_bp, as SQL: the CASE is built from LTV_BANDS so the bands stay data. */
function bandOf(column: string) {
  const ltv = sql.ref(column);
  const arms = LTV_BANDS.map((b) => {
    if (b.fromBp === null) return sql`WHEN ${ltv} IS NULL THEN ${b.code}`;
    if (b.toBp === null) return sql`WHEN ${ltv} >= ${b.fromBp}::int THEN ${b.code}`;
    return sql`WHEN ${ltv} >= ${b.fromBp}::int AND ${ltv} < ${b.toBp}::int THEN ${b.code}`;
  });
  return sql<string>`CASE ${sql.join(arms, sql` `)} END`;
}

/** The condition "ltv_bp is in this band", for the loans behind one bar. */
function inBand(column: string, band: LtvBand) {
  const ltv = sql.ref(column);
  if (band.fromBp === null) return sql<boolean>`${ltv} IS NULL`;
  if (band.toBp === null) return sql<boolean>`${ltv} >= ${band.fromBp}::int`;
  return sql<boolean>`${ltv} >= ${band.fromBp}::int AND ${ltv} < ${band.toBp}::int`;
}

async function scopeNode(db: Kysely<DB>, actor: Actor, branchId: number | undefined) {
  const node = await db.selectFrom('branch').select(['id', 'code', 'path']).where('id', '=', branchId ?? actor.branchId).executeTakeFirst();
  requireInScope(actor, node?.path ?? null);
  return node!;
}

export async function ltvDistribution(db: Kysely<DB>, actor: Actor, q: DistributionQuery) {
  const node = await scopeNode(db, actor, q.branchId);
  const scope = branchIdsInScope(db, { ...actor, branchPath: node.path });
  let cells = db
    .selectFrom('loan_ltv as x')
    .innerJoin('loan as l', 'l.id', 'x.loan_id')
    .select([
      'l.product_code as product',
      bandOf('x.ltv_bp').as('band'),
      sql<number>`count(*)::int`.as('loans'),
      sql<number>`coalesce(sum(x.outstanding_principal_fen), 0)::bigint`.as('outstanding_fen'),
      sql<number>`coalesce(sum(x.value_fen), 0)::bigint`.as('value_fen'),
    ])
    .where('x.branch_id', 'in', scope)
    .groupBy(['l.product_code', sql`2`])
    .orderBy('l.product_code');
  if (q.product) cells = cells.where('l.product_code', '=', q.product);
  const [rows, asOf, products] = await Promise.all([
    cells.execute(),
    db.selectFrom('loan_ltv as x').select((s) => s.fn.max('x.as_of').as('as_of')).where('x.branch_id', 'in', scope).executeTakeFirst(),
    db.selectFrom('product as p').leftJoin('ltv_threshold as t', 't.product_code', 'p.code').select(['p.code', 'p.name_zh', 'p.name_en', 't.threshold_bp']).orderBy('p.code').execute(),
  ]);
  return {
    branch: { id: node.id, code: node.code },
    asOf: asOf?.as_of ?? null,
    bands: LTV_BANDS.map((b) => ({ ...b })),
    products: products.map((p) => ({ code: p.code, nameZh: p.name_zh, nameEn: p.name_en, thresholdBp: p.threshold_bp })),
    cells: rows.map((r) => ({ product: r.product, band: r.band, loans: r.loans, outstandingFen: r.outstanding_fen, valueFen: r.value_fen })),
  };
}

export interface BandLoansQuery extends DistributionQuery {
  band: string;
  cursor?: string | undefined;
  limit: number;
}

/** The loans behind one bar of the distribution, by loan id (the loans list cannot filter by LTV). */
export async function ltvBandLoans(db: Kysely<DB>, actor: Actor, q: BandLoansQuery) {
  const node = await scopeNode(db, actor, q.branchId);
  const band = LTV_BANDS.find((b) => b.code === q.band)!;
  let query = db
    .selectFrom('loan_ltv as x')
    .innerJoin('loan as l', 'l.id', 'x.loan_id')
    .innerJoin('branch as b', 'b.id', 'x.branch_id')
    .select(['x.loan_id', 'l.external_id', 'b.code as branch_code', 'l.product_code', 'x.ltv_bp', 'x.outstanding_principal_fen', 'x.value_fen', 'x.as_of'])
    .where('x.branch_id', 'in', branchIdsInScope(db, { ...actor, branchPath: node.path }))
    .where(inBand('x.ltv_bp', band))
    .orderBy('x.loan_id')
    .limit(q.limit + 1);
  if (q.product) query = query.where('l.product_code', '=', q.product);
  if (q.cursor) query = query.where('x.loan_id', '>', Number(q.cursor));
  const rows = await query.execute();
  const items = rows.slice(0, q.limit);
  return {
    items: items.map((r) => ({
      loanId: r.loan_id,
      externalId: r.external_id,
      branchCode: r.branch_code,
      product: r.product_code,
      ltvBp: r.ltv_bp,
      outstandingFen: r.outstanding_principal_fen,
      valueFen: r.value_fen,
      asOf: r.as_of,
    })),
    nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.loan_id) : null,
  };
}

import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { ltvBp, ltvCrossing } from '../../domain/valuation/ltv.js';
import { ltvThresholds } from './settings.js';

const BATCH = 5000;

interface LoanInput {
  loan_id: number;
  product_code: string;
  branch_id: number;
  vehicle_id: number;
  outstanding_fen: number;
  value_fen: number;
  ltv_as_of: string | null;
  ltv_bp: number | null;
  previous_as_of: string | null;
  previous_ltv_bp: number | null;
}

/** NULL in the table is an infinite LTV (collateral worth nothing), when a date says it was measured. */
const fromColumn = (bp: number | null, measuredOn: string | null): number | null => (measuredOn === null ? null : (bp ?? Number.POSITIVE_INFINITY));
const toColumn = (bp: number): number | null => (Number.isFinite(bp) ? bp : null);
const pct = (bp: number) => (Number.isFinite(bp) ? `${(bp / 100).toFixed(1)}%` : '∞');

/** The open loans with ids in [lo, hi] that have a valued vehicle. */
async function loadBatch(db: Kysely<DB>, date: BusinessDate, lo: number, hi: number): Promise<LoanInput[]> {
  // the value of each vehicle is its latest stored valuation on or before the date
  const { rows } = await sql<LoanInput>`
    SELECT l.id AS loan_id, l.product_code, l.branch_id, min(lc.vehicle_id) AS vehicle_id, s.outstanding_principal_fen AS outstanding_fen,
           sum(val.value_fen)::bigint AS value_fen, x.as_of::text AS ltv_as_of, x.ltv_bp, x.previous_as_of::text AS previous_as_of, x.previous_ltv_bp
      FROM loan l
      JOIN loan_status s ON s.loan_id = l.id AND NOT s.closed
      JOIN loan_collateral lc ON lc.loan_id = l.id
      JOIN LATERAL (SELECT vv.value_fen FROM vehicle_valuation vv WHERE vv.vehicle_id = lc.vehicle_id AND vv.valued_on <= ${date}::date
                     ORDER BY vv.valued_on DESC LIMIT 1) val ON true
      LEFT JOIN loan_ltv x ON x.loan_id = l.id
     WHERE l.status = 'active' AND l.disbursement_date <= ${date}::date AND l.id BETWEEN ${lo} AND ${hi}
     GROUP BY l.id, l.product_code, l.branch_id, s.outstanding_principal_fen, x.as_of, x.ltv_bp, x.previous_as_of, x.previous_ltv_bp
     ORDER BY l.id`.execute(db);
  return rows;
}

interface LtvRow {
  loanId: number;
  branchId: number;
  outstandingFen: number;
  valueFen: number;
  ltvBp: number;
  previousAsOf: string | null;
  previousBp: number | null;
}

interface Crossing {
  loanId: number;
  vehicleId: number;
  branchId: number;
  evidence: Record<string, unknown>;
  zh: string;
  en: string;
}

/**
 * LTV = outstanding principal (as close of business left it) ÷ the collateral's current value, for
 * every open loan with a valued vehicle; an alert when it crosses the product's threshold upward
 * since the loan's previous measurement. Rerunning a date compares with the same previous one.
 */
export async function computeLtv(db: Kysely<DB>, date: BusinessDate): Promise<{ loans: number; alerts: number }> {
  const thresholds = await ltvThresholds(db);
  let loans = 0;
  let alerts = 0;
  const { lo, hi } = await db.selectFrom('loan').select((s) => [s.fn.min('id').as('lo'), s.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
  for (let from = lo ?? 1; hi !== null && from <= hi; from += BATCH) {
    const batch = await loadBatch(db, date, from, from + BATCH - 1);
    const rows: LtvRow[] = [];
    const crossings: Crossing[] = [];
    for (const r of batch) {
      // a later date already measured: an earlier date's rerun does not move it back
      if (r.ltv_as_of !== null && r.ltv_as_of > date) continue;
      const rerun = r.ltv_as_of === date;
      const previousAsOf = rerun ? r.previous_as_of : r.ltv_as_of;
      const previous = rerun ? fromColumn(r.previous_ltv_bp, r.previous_as_of) : fromColumn(r.ltv_bp, r.ltv_as_of);
      const current = ltvBp(r.outstanding_fen, r.value_fen);
      rows.push({ loanId: r.loan_id, branchId: r.branch_id, outstandingFen: r.outstanding_fen, valueFen: r.value_fen, ltvBp: current, previousAsOf, previousBp: previous });
      if (thresholds[r.product_code] === undefined) continue;
      const crossing = ltvCrossing(r.product_code, previous, current, thresholds);
      if (crossing) {
        crossings.push({
          loanId: r.loan_id,
          vehicleId: r.vehicle_id,
          branchId: r.branch_id,
          evidence: { ltvBp: toColumn(current), previousBp: previous === null ? null : toColumn(previous), thresholdBp: crossing.thresholdBp, outstandingFen: r.outstanding_fen, valueFen: r.value_fen, product: r.product_code },
          zh: `抵押率升至 ${pct(current)}，超过 ${r.product_code} 产品阈值 ${pct(crossing.thresholdBp)}`,
          en: `LTV rose to ${pct(current)}, at or above the ${r.product_code} threshold of ${pct(crossing.thresholdBp)}`,
        });
      }
    }
    alerts += await db.transaction().execute(async (trx) => {
      await storeLtv(trx, date, rows);
      return storeCrossings(trx, date, crossings);
    });
    loans += rows.length;
  }
  // loans no longer active keep no current LTV
  await sql`DELETE FROM loan_ltv x USING loan l WHERE l.id = x.loan_id AND l.status <> 'active'`.execute(db);
  return { loans, alerts };
}

async function storeLtv(db: Kysely<DB>, date: BusinessDate, rows: LtvRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(f: (r: LtvRow) => T) => rows.map(f);
  await sql`
    INSERT INTO loan_ltv (loan_id, as_of, outstanding_principal_fen, value_fen, ltv_bp, previous_as_of, previous_ltv_bp, branch_id)
    SELECT t.loan_id, ${date}::date, t.outstanding, t.value, t.ltv, t.prev_as_of, t.prev_ltv, t.branch_id
      FROM unnest(${arrayLiteral(col((r) => r.loanId), 'bigint')}::bigint[], ${arrayLiteral(col((r) => r.outstandingFen), 'bigint')}::bigint[],
                  ${arrayLiteral(col((r) => r.valueFen), 'bigint')}::bigint[], ${arrayLiteral(col((r) => toColumn(r.ltvBp)), 'integer')}::integer[],
                  ${arrayLiteral(col((r) => r.previousAsOf), 'date')}::date[], ${arrayLiteral(col((r) => (r.previousBp === null ? null : toColumn(r.previousBp))), 'integer')}::integer[],
                  ${arrayLiteral(col((r) => r.branchId), 'bigint')}::bigint[])
           AS t(loan_id, outstanding, value, ltv, prev_as_of, prev_ltv, branch_id)
    ON CONFLICT (loan_id) DO UPDATE SET as_of = excluded.as_of, outstanding_principal_fen = excluded.outstanding_principal_fen, value_fen = excluded.value_fen,
      ltv_bp = excluded.ltv_bp, previous_as_of = excluded.previous_as_of, previous_ltv_bp = excluded.previous_ltv_bp, branch_id = excluded.branch_id`.execute(db);
}

async function storeCrossings(db: Kysely<DB>, date: BusinessDate, crossings: Crossing[]): Promise<number> {
  if (crossings.length === 0) return 0;
  const col = <T>(f: (r: Crossing) => T) => crossings.map(f);
  const result = await sql`
    INSERT INTO collateral_alert (key, kind, severity, vehicle_id, loan_id, branch_id, raised_on, evidence, message_zh, message_en)
    SELECT 'ltv/' || t.loan_id || '/' || ${date}::text, 'ltv_breach', 'medium', t.vehicle_id, t.loan_id, t.branch_id, ${date}::date, t.evidence::jsonb, t.zh, t.en
      FROM unnest(${arrayLiteral(col((c) => c.loanId), 'bigint')}::bigint[], ${arrayLiteral(col((c) => c.vehicleId), 'bigint')}::bigint[],
                  ${arrayLiteral(col((c) => c.branchId), 'bigint')}::bigint[], ${arrayLiteral(col((c) => JSON.stringify(c.evidence)), 'text')}::text[],
                  ${arrayLiteral(col((c) => c.zh), 'text')}::text[], ${arrayLiteral(col((c) => c.en), 'text')}::text[])
           AS t(loan_id, vehicle_id, branch_id, evidence, zh, en)
    ON CONFLICT (key) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

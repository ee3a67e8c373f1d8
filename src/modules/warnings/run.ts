import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import type { IndicatorAction } from '../../domain/warnings/action.js';
import { appliesTo, evaluateIndicator } from '../../domain/warnings/indicator.js';
import { loadSettings } from '../collateral/settings.js';
import { startActions } from './actions.js';
import { loadFeatures } from './features.js';
import { indicatorsInForce } from './indicators.js';

const BATCH = 2000;

interface Hit {
  code: string;
  version: number;
  loanId: number;
  branchId: number;
  severity: string;
  evidence: string;
}

/**
 * Early warning for `date` (after close of business): every indicator in force over every active
 * loan, a page of loans at a time (features in one query per page, the expressions in JS). A loan
 * on which an indicator holds gets a warning; while it goes on holding run after run, that warning
 * stays the one (its last_true_on moves on), even once resolved; when it stops and later holds
 * again, a new warning is raised. Rerunning a date raises nothing twice.
 */
export async function runWarningsForDate(db: Kysely<DB>, date: BusinessDate): Promise<{ loans: number; indicators: number; firing: number; raised: number }> {
  const indicators = await indicatorsInForce(db, date);
  const { requiredInsurance } = await loadSettings(db);
  const previous = await db.selectFrom('warning_run').select((s) => s.fn.max('business_date').as('d')).where('business_date', '<', date).executeTakeFirst();
  const continuesFrom = previous?.d ?? date;
  let loans = 0;
  let firing = 0;
  let raised = 0;
  const actions = new Map(indicators.map((i) => [i.code, i.action]));
  const { lo, hi } = await db.selectFrom('loan').select((s) => [s.fn.min('id').as('lo'), s.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
  for (let from = lo ?? 1; hi !== null && from <= hi; from += BATCH) {
    const page = await loadFeatures(db, date, from, from + BATCH - 1, requiredInsurance);
    loans += page.length;
    const hits: Hit[] = [];
    for (const loan of page) {
      for (const indicator of indicators) {
        if (!appliesTo(indicator, loan.product, date)) continue;
        const result = evaluateIndicator(indicator, loan.features);
        if (result.fires !== true) continue;
        hits.push({ code: indicator.code, version: indicator.version, loanId: loan.loanId, branchId: loan.branchId, severity: indicator.severity, evidence: JSON.stringify({ value: result.value, inputs: result.inputs, expression: indicator.expression, threshold: indicator.threshold }) });
      }
    }
    firing += hits.length;
    if (hits.length > 0) raised += await db.transaction().execute((trx) => store(trx, date, continuesFrom, hits, actions));
  }
  const counts = { loans, indicators: indicators.length, firing, raised };
  await db
    .insertInto('warning_run')
    .values({ business_date: date, counts: JSON.stringify(counts) })
    .onConflict((oc) => oc.column('business_date').doUpdateSet({ counts: JSON.stringify(counts), finished_at: sql<string>`now()` }))
    .execute();
  return counts;
}

async function store(db: Kysely<DB>, date: BusinessDate, continuesFrom: string, hits: Hit[], actions: ReadonlyMap<string, IndicatorAction | null>): Promise<number> {
  const col = <T>(f: (h: Hit) => T) => hits.map(f);
  const keys = sql`unnest(${arrayLiteral(col((h) => h.code), 'text')}::text[], ${arrayLiteral(col((h) => h.loanId), 'bigint')}::bigint[]) AS h(code, loan_id)`;
  // an episode that held at the previous run (or earlier today) goes on
  const { rows: continued } = await sql<{ code: string; loan_id: number }>`
    UPDATE warning_alert w SET last_true_on = greatest(w.last_true_on, ${date}::date)
      FROM ${keys}
     WHERE w.indicator_code = h.code AND w.loan_id = h.loan_id AND w.raised_on <= ${date}::date
       AND w.last_true_on >= ${continuesFrom}::date
    RETURNING w.indicator_code AS code, w.loan_id`.execute(db);
  const going = new Set(continued.map((c) => `${c.code}/${c.loan_id}`));
  const fresh = hits.filter((h) => !going.has(`${h.code}/${h.loanId}`));
  if (fresh.length === 0) return 0;
  const f = <T>(g: (h: Hit) => T) => fresh.map(g);
  const { rows } = await sql<{ id: number; indicator_code: string; loan_id: number; branch_id: number }>`
    INSERT INTO warning_alert (indicator_code, indicator_version, loan_id, branch_id, severity, raised_on, last_true_on, evidence)
    SELECT t.code, t.version, t.loan_id, t.branch_id, t.severity, ${date}::date, ${date}::date, t.evidence::jsonb
      FROM unnest(${arrayLiteral(f((h) => h.code), 'text')}::text[], ${arrayLiteral(f((h) => h.version), 'integer')}::integer[], ${arrayLiteral(f((h) => h.loanId), 'bigint')}::bigint[],
                  ${arrayLiteral(f((h) => h.branchId), 'bigint')}::bigint[], ${arrayLiteral(f((h) => h.severity), 'text')}::text[], ${arrayLiteral(f((h) => h.evidence), 'text')}::text[])
           AS t(code, version, loan_id, branch_id, severity, evidence)
    ON CONFLICT (indicator_code, loan_id, raised_on) DO NOTHING
    RETURNING id, indicator_code, loan_id, branch_id`.execute(db);
  if (rows.length > 0) {
    await sql`INSERT INTO warning_alert_event (warning_id, action, by_name) SELECT id, 'raised', 'close of business' FROM unnest(${arrayLiteral(rows.map((r) => r.id), 'bigint')}::bigint[]) AS t(id)`.execute(db);
  }
  // what the opening starts, in the same transaction: a warning is never open without its task
  await startActions(db, date, rows.map((r) => ({ warningId: r.id, indicatorCode: r.indicator_code, loanId: r.loan_id, branchId: r.branch_id, action: actions.get(r.indicator_code) ?? null })));
  return rows.length;
}

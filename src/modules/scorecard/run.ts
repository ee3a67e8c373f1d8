import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { addDays, type BusinessDate } from '../../domain/business-date.js';
import { cardScorer } from '../../domain/scorecard/apply-card.js';
import { loadFeatureRows } from './features.js';
import { championModel } from './models.js';

const RANGE = 10_000;

export interface ScoreRun {
  /** null: no champion is approved, so nothing was scored */
  modelId: number | null;
  loans: number;
  /** loans whose score or grade changed (a row of history each) */
  changed: number;
  byGrade: Record<string, number>;
  note?: string;
}

/**
 * The behaviour score of every active loan for `date` (after close of business), with the approved
 * champion: features in one statement per id range, points from the card in JS, scores written
 * back per range in two statements. A loan's history gets a row only when its model, score or grade
 * changed; its current row carries the score of 30 days before, for the score-drop indicator.
 * Rerunning a date replaces that date's history rows, so it gives the same tables.
 */
export async function runScoringForDate(db: Kysely<DB>, date: BusinessDate): Promise<ScoreRun> {
  const champion = await championModel(db);
  if (champion === null) {
    const run: ScoreRun = { modelId: null, loans: 0, changed: 0, byGrade: {}, note: 'no approved champion model: nothing scored' };
    await recordRun(db, date, run);
    return run;
  }
  const score = cardScorer(champion.card);
  const run: ScoreRun = { modelId: champion.id, loans: 0, changed: 0, byGrade: {} };
  const { lo, hi } = await db.selectFrom('loan').select((s) => [s.fn.min('id').as('lo'), s.fn.max('id').as('hi')]).where('status', '=', 'active').executeTakeFirstOrThrow();
  for (let from = Number(lo ?? 1); hi !== null && from <= Number(hi); from += RANGE) {
    const to = from + RANGE - 1;
    run.changed += await db.transaction().execute(async (trx) => {
      // these statements are estimated dear enough to start JIT, which then costs more than they do
      await sql`SET LOCAL jit = off`.execute(trx);
      const rows = await loadFeatureRows(trx, date, from, to, 'close');
      const scored = rows.map((r) => ({ loanId: r.loanId, branchId: r.branchId, ...score(r.features as unknown as Record<string, number | null>) }));
      for (const s of scored) run.byGrade[s.grade] = (run.byGrade[s.grade] ?? 0) + 1;
      run.loans += scored.length;
      return store(trx, date, champion.id, from, to, scored);
    });
  }
  // a loan that left the book keeps its history but no current score, wherever its id falls: the
  // ranges above span only the active ids, so a paid-off loan above the highest is cleared here
  await sql`DELETE FROM loan_score WHERE as_of < ${date}::date`.execute(db);
  await recordRun(db, date, run);
  return run;
}

interface Scored {
  loanId: number;
  branchId: number;
  score: number;
  grade: string;
}

async function store(trx: Kysely<DB>, date: BusinessDate, modelId: number, lo: number, hi: number, scored: Scored[]): Promise<number> {
  await sql`DELETE FROM loan_score_history WHERE valid_from = ${date}::date AND loan_id BETWEEN ${lo} AND ${hi}`.execute(trx);
  if (scored.length === 0) return 0;
  const col = <T>(f: (s: Scored) => T) => scored.map(f);
  const ago = addDays(date, -30);
  // each loan's last history row before today and its row as of 30 days ago, by the primary key
  const { rows } = await sql<{ n: number }>`
    WITH n AS (
      SELECT * FROM unnest(${arrayLiteral(col((s) => s.loanId), 'bigint')}::bigint[], ${arrayLiteral(col((s) => s.branchId), 'bigint')}::bigint[],
                           ${arrayLiteral(col((s) => s.score), 'integer')}::int[], ${arrayLiteral(col((s) => s.grade), 'text')}::text[]) AS t(loan_id, branch_id, score, grade)
    ), prev AS (
      SELECT n.*, p.model_id AS p_model, p.score AS p_score, p.grade AS p_grade, a.score AS score_30d_ago
        FROM n
        LEFT JOIN LATERAL (SELECT h.model_id, h.score, h.grade FROM loan_score_history h WHERE h.loan_id = n.loan_id AND h.valid_from < ${date}::date ORDER BY h.valid_from DESC LIMIT 1) p ON true
        LEFT JOIN LATERAL (SELECT h.score FROM loan_score_history h WHERE h.loan_id = n.loan_id AND h.valid_from <= ${ago}::date ORDER BY h.valid_from DESC LIMIT 1) a ON true
    ), cur AS (
      INSERT INTO loan_score (loan_id, branch_id, as_of, model_id, score, grade, score_30d_ago)
      SELECT loan_id, branch_id, ${date}::date, ${modelId}, score, grade, score_30d_ago FROM prev
      ON CONFLICT (loan_id) DO UPDATE SET branch_id = excluded.branch_id, as_of = excluded.as_of, model_id = excluded.model_id, score = excluded.score,
                                          grade = excluded.grade, score_30d_ago = excluded.score_30d_ago
    ), hist AS (
      INSERT INTO loan_score_history (loan_id, valid_from, model_id, score, grade)
      SELECT loan_id, ${date}::date, ${modelId}, score, grade FROM prev
       WHERE p_model IS DISTINCT FROM ${modelId} OR p_score IS DISTINCT FROM score OR p_grade IS DISTINCT FROM grade
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM hist`.execute(trx);
  return rows[0]?.n ?? 0;
}

async function recordRun(db: Kysely<DB>, date: BusinessDate, run: ScoreRun): Promise<void> {
  const counts = JSON.stringify(run);
  await db
    .insertInto('score_run')
    .values({ business_date: date, model_id: run.modelId, counts })
    .onConflict((oc) => oc.column('business_date').doUpdateSet({ model_id: run.modelId, counts, finished_at: sql<string>`now()` }))
    .execute();
}

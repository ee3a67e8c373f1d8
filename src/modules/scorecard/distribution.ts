import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB, ScoreGrade } from '../../db/schema.js';
import { SCORE_BAND_WIDTH } from '../../domain/scorecard/apply-card.js';
import { likePrefix } from '../../api/access.js';


/**
 * How the caller's loans score: counts by grade and by 20-point band, and by branch, of the current
 * scores (loan_score holds only the active book's). With `branchId`, that branch's subtree, which
 * must lie inside the caller's (outside it is not found, as if it did not exist).
 */
export async function scoreDistribution(db: Kysely<DB>, actor: Actor, branchId: number | undefined) {
  let path = actor.branchPath;
  if (branchId !== undefined) {
    const b = await db.selectFrom('branch').select('path').where('id', '=', branchId).executeTakeFirst();
    if (!b || !b.path.startsWith(actor.branchPath)) throw new AppError('not-found');
    path = b.path;
  }
  const { rows } = await sql<{ branch_code: string; grade: ScoreGrade; band: number; n: number }>`
    SELECT b.code AS branch_code, s.grade, (floor(s.score / ${SCORE_BAND_WIDTH}::numeric) * ${SCORE_BAND_WIDTH})::int AS band, count(*)::int AS n
      FROM loan_score s JOIN branch b ON b.id = s.branch_id
     WHERE b.path LIKE ${likePrefix(path)}
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3`.execute(db);
  const latest = await db
    .selectFrom('loan_score as s')
    .innerJoin('score_model as m', 'm.id', 's.model_id')
    .select(['s.as_of', 'm.id', 'm.version'])
    .orderBy('s.as_of', 'desc')
    .limit(1)
    .executeTakeFirst();
  const byGrade = new Map<ScoreGrade, number>();
  const byBand = new Map<number, number>();
  for (const r of rows) {
    byGrade.set(r.grade, (byGrade.get(r.grade) ?? 0) + r.n);
    byBand.set(r.band, (byBand.get(r.band) ?? 0) + r.n);
  }
  return {
    asOf: latest?.as_of ?? null,
    model: latest ? { id: latest.id, version: latest.version } : null,
    bandWidth: SCORE_BAND_WIDTH,
    total: rows.reduce((s, r) => s + r.n, 0),
    byGrade: (['A', 'B', 'C', 'D', 'E'] as const).map((grade) => ({ grade, count: byGrade.get(grade) ?? 0 })),
    byBand: [...byBand.entries()].sort((a, b) => a[0] - b[0]).map(([band, count]) => ({ band, count })),
    items: rows.map((r) => ({ branchCode: r.branch_code, grade: r.grade, band: r.band, count: r.n })),
  };
}

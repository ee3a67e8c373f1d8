import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AuthorityLimit, checkQuota, type RequestSize } from '../../domain/restructuring/authority.js';

export async function loadAuthority(db: Kysely<DB>): Promise<AuthorityLimit[]> {
  const rows = await db.selectFrom('restructuring_authority').selectAll().execute();
  return rows.map((r) => ({ role: r.role, maxWaivedFen: r.max_waived_fen, maxExtraMonths: r.max_extra_months }));
}

/**
 * A branch's monthly quota (its own row, else its nearest ancestor's: head office's is the
 * default) against what the branch has approved in the month of `on`. Refuses with the quota's
 * own message when the request would pass it.
 */
export async function enforceQuota(db: Kysely<DB>, branchId: number, on: BusinessDate, size: RequestSize): Promise<void> {
  const month = on.slice(0, 7);
  const { rows } = await sql<{ max_count: number; max_waived_fen: string; used_count: number; used_waived_fen: string }>`
    SELECT q.max_count, q.max_waived_fen::text,
           (SELECT count(*)::int FROM restructuring r WHERE r.branch_id = b.id AND r.status = 'approved' AND to_char(r.decided_on, 'YYYY-MM') = ${month}) AS used_count,
           (SELECT coalesce(sum(r.waived_fen), 0)::text FROM restructuring r WHERE r.branch_id = b.id AND r.status = 'approved' AND to_char(r.decided_on, 'YYYY-MM') = ${month}) AS used_waived_fen
      FROM branch b
      JOIN branch qb ON b.path LIKE qb.path || '%'
      JOIN restructuring_quota q ON q.branch_id = qb.id
     WHERE b.id = ${branchId}
     ORDER BY length(qb.path) DESC
     LIMIT 1`.execute(db);
  const row = rows[0];
  if (!row) return;
  const check = checkQuota({ maxCount: row.max_count, maxWaivedFen: Number(row.max_waived_fen) }, { count: row.used_count, waivedFen: Number(row.used_waived_fen) }, size, month);
  if (!check.ok) throw new AppError('conflict', { 'zh-CN': check.zh, 'en-US': check.en }, [{ field: 'quota', message: check.en }]);
}

import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type AuthorityLimit, checkQuota, type Quota, type RequestSize } from '../../domain/restructuring/authority.js';
import { type AuthorityVersion, authorityOn, type QuotaVersion, quotaOn } from '../../domain/restructuring/limit-versions.js';

export async function authorityVersions(db: Kysely<DB>): Promise<(AuthorityVersion & { reason: string; setBy: string; createdAt: string })[]> {
  const rows = await db.selectFrom('restructuring_authority_version').selectAll().orderBy('role').orderBy('effective_from').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, role: r.role, maxWaivedFen: r.max_waived_fen, maxExtraMonths: r.max_extra_months, effectiveFrom: r.effective_from as BusinessDate, reason: r.reason, setBy: r.set_by, createdAt: r.created_at }));
}

/** The approval limits in force on `on` (the business date of the decision). */
export async function loadAuthority(db: Kysely<DB>, on: BusinessDate): Promise<AuthorityLimit[]> {
  return authorityOn(await authorityVersions(db), on);
}

/** Quota versions set on the branch and on every branch above it. */
async function quotaVersionsAbove(db: Kysely<DB>, branchId: number): Promise<{ path: string; versions: QuotaVersion[] }> {
  const branch = await db.selectFrom('branch').select('path').where('id', '=', branchId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('restructuring_quota_version as q')
    .innerJoin('branch as qb', 'qb.id', 'q.branch_id')
    .select(['q.id', 'q.max_count', 'q.max_waived_fen', 'q.effective_from', 'qb.path'])
    .where(sql<boolean>`${branch.path} LIKE qb.path || '%'`)
    .execute();
  return { path: branch.path, versions: rows.map((r) => ({ id: r.id, branchPath: r.path, maxCount: r.max_count, maxWaivedFen: r.max_waived_fen, effectiveFrom: r.effective_from as BusinessDate })) };
}

export interface QuotaStanding {
  month: string;
  quota: (Quota & { setOnBranchPath: string; inherited: boolean; versionId: number }) | null;
  used: { count: number; waivedFen: number };
}

/** A branch's quota in force on `on` and what the branch has approved in that month. */
export async function quotaStanding(db: Kysely<DB>, branchId: number, on: BusinessDate): Promise<QuotaStanding> {
  const month = on.slice(0, 7);
  const { path, versions } = await quotaVersionsAbove(db, branchId);
  const q = quotaOn(versions, path, on);
  const used = await db
    .selectFrom('restructuring')
    .select((eb) => [eb.fn.countAll<string>().as('n'), sql<string>`coalesce(sum(waived_fen), 0)`.as('waived')])
    .where('branch_id', '=', branchId)
    .where('status', '=', 'approved')
    .where(sql<boolean>`to_char(decided_on, 'YYYY-MM') = ${month}`)
    .executeTakeFirstOrThrow();
  return {
    month,
    quota: q ? { maxCount: q.maxCount, maxWaivedFen: q.maxWaivedFen, setOnBranchPath: q.branchPath, inherited: q.inherited, versionId: q.id } : null,
    used: { count: Number(used.n), waivedFen: Number(used.waived) },
  };
}

/** Refuses, with the quota's own message, a request that would take the branch past its monthly quota. */
export async function enforceQuota(db: Kysely<DB>, branchId: number, on: BusinessDate, size: RequestSize): Promise<void> {
  const s = await quotaStanding(db, branchId, on);
  if (!s.quota) return;
  const check = checkQuota(s.quota, s.used, size, s.month);
  if (!check.ok) throw new AppError('conflict', { 'zh-CN': check.zh, 'en-US': check.en }, [{ field: 'quota', message: check.en }]);
}

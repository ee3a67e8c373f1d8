import { type Kysely, sql } from 'kysely';
import { pathInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { allows, type Role } from '../../domain/access.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { inForce, quotaOn, type QuotaVersion } from '../../domain/restructuring/limit-versions.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { authorityVersions } from './limits.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
type VersionState = 'in_force' | 'scheduled' | 'superseded';

const stateOf = (v: { id: number; effectiveFrom: string }, inForceIds: Set<number>, on: string): VersionState =>
  inForceIds.has(v.id) ? 'in_force' : v.effectiveFrom > on ? 'scheduled' : 'superseded';

/**
 * The authority limits (every version: they are head office's, no branch's) and the quotas a user
 * may see: versions set on branches in their scope or above it (a branch's quota may be inherited
 * from head office), and for each branch in scope the quota in force and this month's use.
 */
export async function listLimits(db: Kysely<DB>, actor: Actor) {
  const on = await currentBusinessDate(db);
  const month = on.slice(0, 7);
  const authority = await authorityVersions(db);
  const authorityInForce = new Set([...inForce(authority, (v) => v.role, on).values()].map((v) => v.id));
  const [op, pattern] = pathInScope(actor);
  const quotaRows = await db
    .selectFrom('restructuring_quota_version as q')
    .innerJoin('branch as b', 'b.id', 'q.branch_id')
    .select(['q.id', 'q.branch_id', 'b.code', 'b.path', 'q.max_count', 'q.max_waived_fen', 'q.effective_from', 'q.reason', 'q.set_by', 'q.created_at'])
    .where((eb) => eb.or([eb('b.path', op, pattern), eb(sql<string>`${actor.branchPath}`, 'like', sql<string>`b.path || '%'`)]))
    .orderBy('b.path')
    .orderBy('q.effective_from')
    .orderBy('q.id')
    .execute();
  const versions: (QuotaVersion & { branchId: number })[] = quotaRows.map((r) => ({ id: r.id, branchId: r.branch_id, branchPath: r.path, maxCount: r.max_count, maxWaivedFen: r.max_waived_fen, effectiveFrom: r.effective_from as BusinessDate }));
  const quotaInForce = new Set([...inForce(versions, (v) => v.branchPath, on).values()].map((v) => v.id));
  const branches = await db.selectFrom('branch').select(['id', 'code', 'path', 'kind']).where('path', op, pattern).orderBy('path').execute();
  const usage = await db
    .selectFrom('restructuring as r')
    .innerJoin('branch as b', 'b.id', 'r.branch_id')
    .select(['r.branch_id', (eb) => eb.fn.countAll<string>().as('n'), sql<string>`coalesce(sum(r.waived_fen), 0)`.as('waived')])
    .where('b.path', op, pattern)
    .where('r.status', '=', 'approved')
    .where(sql<boolean>`to_char(r.decided_on, 'YYYY-MM') = ${month}`)
    .groupBy('r.branch_id')
    .execute();
  const used = new Map(usage.map((u) => [u.branch_id, { count: Number(u.n), waivedFen: Number(u.waived) }]));
  const codeOfPath = new Map(quotaRows.map((r) => [r.path, r.code]));
  return {
    asOf: on,
    month,
    authority: authority.map((v) => ({ ...v, state: stateOf(v, authorityInForce, on) })),
    quotaVersions: quotaRows.map((r) => ({
      id: r.id,
      branchId: r.branch_id,
      branchCode: r.code,
      maxCount: r.max_count,
      maxWaivedFen: r.max_waived_fen,
      effectiveFrom: r.effective_from,
      reason: r.reason,
      setBy: r.set_by,
      createdAt: r.created_at,
      state: stateOf({ id: r.id, effectiveFrom: r.effective_from }, quotaInForce, on),
    })),
    branches: branches.map((b) => {
      const q = quotaOn(versions, b.path, on);
      const u = used.get(b.id) ?? { count: 0, waivedFen: 0 };
      return {
        branchId: b.id,
        branchCode: b.code,
        kind: b.kind,
        maxCount: q?.maxCount ?? null,
        maxWaivedFen: q?.maxWaivedFen ?? null,
        setOnBranchCode: q ? (codeOfPath.get(q.branchPath) ?? null) : null,
        inherited: q?.inherited ?? false,
        usedCount: u.count,
        usedWaivedFen: u.waivedFen,
      };
    }),
  };
}

export interface LimitChange {
  effectiveFrom?: string | undefined;
  reason: string;
}

/** A new version takes effect on the business date or later: decisions already made stand on the limits of their day. */
async function startOf(db: Kysely<DB>, change: LimitChange): Promise<BusinessDate> {
  const today = await currentBusinessDate(db);
  const from = (change.effectiveFrom ?? today) as BusinessDate;
  if (from < today) {
    throw new AppError('validation', t(`生效日不能早于营业日 ${today}`, `it cannot take effect before the business date ${today}`), [{ field: 'effectiveFrom', message: `before the business date ${today}` }]);
  }
  return from;
}

export async function setAuthority(db: Kysely<DB>, who: AuditWho, role: Role, limit: LimitChange & { maxWaivedFen: number; maxExtraMonths: number }) {
  if (!allows([role], 'restructure.approve')) {
    throw new AppError('validation', t('该角色无重组审批权限，不能设置额度', 'that role does not approve restructurings: it has no limit to set'), [{ field: 'role', message: 'does not hold restructure.approve' }]);
  }
  return db.transaction().execute(async (trx) => {
    const from = await startOf(trx, limit);
    const before = inForce(await authorityVersions(trx), (v) => v.role, from).get(role) ?? null;
    const row = await trx
      .insertInto('restructuring_authority_version')
      .values({ role, max_waived_fen: limit.maxWaivedFen, max_extra_months: limit.maxExtraMonths, effective_from: from, reason: limit.reason, set_by: who.name, set_by_user_id: who.userId })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const after = { role, maxWaivedFen: limit.maxWaivedFen, maxExtraMonths: limit.maxExtraMonths, effectiveFrom: from };
    await recordAudit(trx, who, {
      action: 'restructuring.authority.set',
      entityType: 'restructuring_authority',
      entityId: role,
      branchPath: '/HO/',
      before: before && { maxWaivedFen: before.maxWaivedFen, maxExtraMonths: before.maxExtraMonths, effectiveFrom: before.effectiveFrom },
      after,
      reason: limit.reason,
    });
    return { id: row.id, ...after, reason: limit.reason, setBy: who.name, createdAt: row.created_at };
  });
}

export async function setQuota(db: Kysely<DB>, who: AuditWho, branchId: number, quota: LimitChange & { maxCount: number; maxWaivedFen: number }) {
  return db.transaction().execute(async (trx) => {
    const branch = await trx.selectFrom('branch').select(['id', 'code', 'path']).where('id', '=', branchId).executeTakeFirst();
    if (!branch) throw new AppError('not-found');
    const from = await startOf(trx, quota);
    const previous = await trx
      .selectFrom('restructuring_quota_version')
      .select(['max_count', 'max_waived_fen', 'effective_from'])
      .where('branch_id', '=', branchId)
      .where('effective_from', '<=', from)
      .orderBy('effective_from', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const row = await trx
      .insertInto('restructuring_quota_version')
      .values({ branch_id: branchId, max_count: quota.maxCount, max_waived_fen: quota.maxWaivedFen, effective_from: from, reason: quota.reason, set_by: who.name, set_by_user_id: who.userId })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const after = { branchId, maxCount: quota.maxCount, maxWaivedFen: quota.maxWaivedFen, effectiveFrom: from };
    await recordAudit(trx, who, {
      action: 'restructuring.quota.set',
      entityType: 'branch',
      entityId: branchId,
      branchPath: branch.path,
      before: previous ? { maxCount: previous.max_count, maxWaivedFen: previous.max_waived_fen, effectiveFrom: previous.effective_from } : null,
      after,
      reason: quota.reason,
    });
    return { id: row.id, branchCode: branch.code, ...after, reason: quota.reason, setBy: who.name, createdAt: row.created_at };
  });
}

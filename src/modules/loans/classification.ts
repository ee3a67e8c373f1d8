import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB, LoanClassOverrideTable } from '../../db/schema.js';
import { rolesGranting } from '../../domain/access.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';

/**
 * A manual 五级分类 set by a person: it takes effect at the next close of business, can only make
 * the class worse than the rules give (close of business takes the worst of the two), and records
 * the reason and the role that allowed it.
 */
export async function overrideClass(db: Kysely<DB>, actor: Actor, who: AuditWho, loanId: number, riskClass: LoanClassOverrideTable['risk_class'], reason: string) {
  const role = actor.roles.find((r) => rolesGranting('loan.classify').includes(r));
  if (!role) throw new AppError('forbidden');
  return db.transaction().execute(async (trx) => {
    const loan = await trx.selectFrom('loan as l').innerJoin('branch as b', 'b.id', 'l.branch_id').select(['l.id', 'b.path']).where('l.id', '=', loanId).forUpdate().executeTakeFirst();
    if (!loan) throw new AppError('not-found');
    const setOn = await currentBusinessDate(trx);
    const row = await trx
      .insertInto('loan_class_override')
      .values({ loan_id: loanId, risk_class: riskClass, reason, role, set_by_user_id: actor.userId, set_on: setOn })
      .returning(['id', 'set_on'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'loan.class_override', entityType: 'loan', entityId: loanId, branchPath: loan.path, after: { riskClass, role, setOn }, reason });
    return { id: row.id, loanId, riskClass, role, effectiveFrom: row.set_on };
  });
}

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/**
 * Withdraws a manual class. It stops counting from the next close of business: `withdrawn_on` is
 * the current business date, and close of business applies an override to the dates before it.
 * Withdrawing does not better the class at once: close of business then follows the upgrade rule
 * (arrears cleared and, for a non-performing loan, two on-time periods and six months). The row
 * keeps who withdrew it, with which role, when and why; a second withdrawal is a conflict.
 */
export async function withdrawClassOverride(db: Kysely<DB>, actor: Actor, who: AuditWho, loanId: number, overrideId: number, reason: string) {
  const role = actor.roles.find((r) => rolesGranting('loan.classify').includes(r));
  if (!role) throw new AppError('forbidden');
  return db.transaction().execute(async (trx) => {
    const loan = await trx.selectFrom('loan as l').innerJoin('branch as b', 'b.id', 'l.branch_id').select(['l.id', 'b.path']).where('l.id', '=', loanId).forUpdate('l').executeTakeFirst();
    if (!loan) throw new AppError('not-found');
    const override = await trx.selectFrom('loan_class_override').selectAll().where('id', '=', overrideId).where('loan_id', '=', loanId).forUpdate().executeTakeFirst();
    if (!override) throw new AppError('not-found');
    if (override.withdrawn_on !== null) {
      throw new AppError('conflict', t(`该人工分类已于 ${override.withdrawn_on} 撤销`, `this manual class was already withdrawn on ${override.withdrawn_on}`));
    }
    const withdrawnOn = await currentBusinessDate(trx);
    const row = await trx
      .updateTable('loan_class_override')
      .set({ withdrawn_on: withdrawnOn, withdrawn_reason: reason, withdrawn_role: role, withdrawn_by_user_id: actor.userId, withdrawn_at: sql<string>`now()` })
      .where('id', '=', overrideId)
      .returning(['withdrawn_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, {
      action: 'loan.class_override_withdraw',
      entityType: 'loan',
      entityId: loanId,
      branchPath: loan.path,
      before: { overrideId, riskClass: override.risk_class, setOn: override.set_on },
      after: { overrideId, withdrawnOn, role },
      reason,
    });
    return { id: overrideId, loanId, riskClass: override.risk_class, withdrawnOn, withdrawnRole: role, withdrawnAt: row.withdrawn_at as string, effectiveUntil: withdrawnOn };
  });
}

/** A loan's manual classes, newest first, with who set and who withdrew each, and why. */
export async function listClassOverrides(db: Kysely<DB>, loanId: number) {
  const rows = await db
    .selectFrom('loan_class_override as o')
    .leftJoin('app_user as s', 's.id', 'o.set_by_user_id')
    .leftJoin('app_user as w', 'w.id', 'o.withdrawn_by_user_id')
    .select(['o.id', 'o.risk_class', 'o.reason', 'o.role', 'o.set_by_user_id', 's.username as set_by', 'o.set_on', 'o.created_at'])
    .select(['o.withdrawn_on', 'o.withdrawn_reason', 'o.withdrawn_role', 'o.withdrawn_by_user_id', 'w.username as withdrawn_by', 'o.withdrawn_at'])
    .where('o.loan_id', '=', loanId)
    .orderBy('o.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    riskClass: r.risk_class,
    reason: r.reason,
    role: r.role,
    setByUserId: r.set_by_user_id,
    setBy: r.set_by,
    setOn: r.set_on,
    effectiveFrom: r.set_on,
    createdAt: r.created_at,
    status: r.withdrawn_on === null ? ('active' as const) : ('withdrawn' as const),
    withdrawal:
      r.withdrawn_on === null
        ? null
        : { withdrawnOn: r.withdrawn_on, reason: r.withdrawn_reason, role: r.withdrawn_role, byUserId: r.withdrawn_by_user_id, by: r.withdrawn_by, at: r.withdrawn_at },
  }));
}

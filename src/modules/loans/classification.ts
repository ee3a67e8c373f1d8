import type { Kysely } from 'kysely';
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

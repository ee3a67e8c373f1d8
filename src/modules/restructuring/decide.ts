import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { DEFAULT_CLASSIFICATION } from '../../domain/delinquency.js';
import { checkApprover } from '../../domain/restructuring/authority.js';
import { observation } from '../../domain/restructuring/observation.js';
import type { RestructureTerms } from '../../domain/restructuring/options.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { insertInstallments } from '../loans/create.js';
import { replayAndStore } from '../loans/ledger.js';
import { currentBusinessDate } from '../system/business-date.js';
import { enforceQuota, loadAuthority } from './limits.js';
import { planRestructuring } from './plan.js';
import { loadPosition } from './position.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

export interface Checker extends AuditWho {
  userId: number;
  roles: readonly string[];
}

async function lockPending(trx: Kysely<DB>, id: number) {
  const r = await trx.selectFrom('restructuring').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!r) throw new AppError('not-found');
  if (r.status !== 'pending') throw new AppError('conflict', t(`重组申请 #${id} 已${r.status === 'approved' ? '批准' : '驳回'}`, `restructuring #${id} is already ${r.status}`));
  return r;
}

function requireAuthority(check: ReturnType<typeof checkApprover>): string {
  if (!check.ok) throw new AppError('forbidden', { 'zh-CN': check.zh, 'en-US': check.en });
  return check.role;
}

/**
 * The checker's half, in one transaction: authority and quota again, the position on the change
 * date again (refused if a payment, reversal or new schedule moved it since the request), then the
 * new schedule version (installments already due keep their rows), the non-cash settlements, the
 * replay, the class and stage flags, the loan event, the collection case's plan and the audit.
 */
export async function approveRestructuring(db: Kysely<DB>, who: Checker, id: number, reason: string) {
  return db.transaction().execute(async (trx) => {
    const head = await trx.selectFrom('restructuring').select('loan_id').where('id', '=', id).executeTakeFirst();
    if (!head) throw new AppError('not-found');
    await trx.selectFrom('loan').select('id').where('id', '=', head.loan_id).forUpdate().execute();
    const r = await lockPending(trx, id);
    const today = await currentBusinessDate(trx);
    const role = requireAuthority(checkApprover(await loadAuthority(trx, today), who, r.requested_by_user_id ?? -1, { waivedFen: r.waived_fen, extraMonths: r.extra_months }));
    const on = r.effective_on as BusinessDate;
    const p = await loadPosition(trx, r.loan_id, on);
    if (p.hash !== r.position_hash) {
      throw new AppError('conflict', t('申请之后贷款已有变动（如新的还款或冲正），请重新申请', 'the loan has changed since the request (a payment or reversal, say): make a new request'), [{ field: 'position', message: 'changed since the request' }]);
    }
    const plan = planRestructuring(p, r.terms as RestructureTerms);
    if (today >= plan.firstNewDueDate) throw new AppError('conflict', t('新计划的首个还款日已过，请重新申请', 'the new schedule\'s first due date has passed: make a new request'));
    await enforceQuota(trx, r.branch_id, today, plan.size);

    let toVersion = p.loan.scheduleVersion;
    if (plan.installments) {
      const { top } = await trx.selectFrom('installment').select((eb) => eb.fn.max<number>('version').as('top')).where('loan_id', '=', r.loan_id).executeTakeFirstOrThrow();
      toVersion = Number(top) + 1;
      await insertInstallments(trx, plan.installments.map((installment) => ({ loanId: r.loan_id, version: toVersion, installment })));
      await trx.updateTable('loan').set({ schedule_version: toVersion }).where('id', '=', r.loan_id).execute();
      await trx.insertInto('schedule_revision').values({ loan_id: r.loan_id, version: toVersion, previous_version: p.loan.scheduleVersion, cause: 'restructuring', option: `restructuring:${id}` }).execute();
    }
    if (plan.adjustments.length > 0) {
      await trx
        .insertInto('ledger_adjustment')
        .values(plan.adjustments.map((a) => ({ loan_id: r.loan_id, effective_on: a.date, seq: a.seq, component: a.component, amount_fen: a.amountFen, cause: a.cause, restructuring_id: id })))
        .execute();
    }
    await replayAndStore(trx, r.loan_id, today);

    const floor = r.was_non_performing ? 'substandard' : 'special_mention';
    const flagReason = `restructuring #${id}`;
    const classFlag = await trx.insertInto('loan_flag').values({ loan_id: r.loan_id, flag: 'restructured', class_floor: floor, set_on: on, reason: flagReason, set_by: who.name }).returning('id').executeTakeFirstOrThrow();
    const stageFlag = await trx.insertInto('loan_flag').values({ loan_id: r.loan_id, flag: 'significant_increase', class_floor: null, set_on: on, reason: flagReason, set_by: who.name }).returning('id').executeTakeFirstOrThrow();
    const newDue = (plan.installments ?? p.ledger.terms.installments).filter((i) => i.dueDate > on).map((i) => i.dueDate);
    const obs = observation({ dueDates: newDue, settledOn: newDue.map(() => null), wasNonPerforming: r.was_non_performing, asOf: today, graceDays: DEFAULT_CLASSIFICATION.operationalGraceDays });
    await trx
      .updateTable('restructuring')
      .set({
        status: 'approved',
        decided_by: who.name,
        decided_by_user_id: who.userId,
        decided_role: role,
        decided_on: today,
        decided_at: sql<string>`now()`,
        decision_reason: reason,
        from_version: p.loan.scheduleVersion,
        to_version: toVersion,
        class_flag_id: classFlag.id,
        stage_flag_id: stageFlag.id,
        observation_start: obs.periodStart,
        observation_earliest_end: obs.earliestEnd,
      })
      .where('id', '=', id)
      .execute();
    await sql`INSERT INTO loan_event (loan_id, business_date, kind, from_value, to_value)
              VALUES (${r.loan_id}, ${today}, 'restructured', ${String(p.loan.scheduleVersion)}, ${String(toVersion)})
              ON CONFLICT (loan_id, business_date, kind) DO NOTHING`.execute(trx);
    // close of business re-derives from the change date (the loan update marks only today)
    await sql`INSERT INTO eod_dirty (loan_id, since) VALUES (${r.loan_id}, ${on < today ? on : today})
              ON CONFLICT (loan_id) DO UPDATE SET since = least(eod_dirty.since, excluded.since), marked_at = clock_timestamp()`.execute(trx);
    await sql`INSERT INTO collection_case_plan (case_id, restructuring_id, in_force_from)
              SELECT id, ${id}, ${on}::date FROM collection_case WHERE loan_id = ${r.loan_id} AND closed_on IS NULL`.execute(trx);
    const path = await trx.selectFrom('branch').select('path').where('id', '=', r.branch_id).executeTakeFirstOrThrow();
    await recordAudit(trx, who, {
      action: 'restructuring.approve',
      entityType: 'restructuring',
      entityId: id,
      branchPath: path.path,
      before: { status: 'pending', scheduleVersion: p.loan.scheduleVersion },
      after: { status: 'approved', scheduleVersion: toVersion, role, waivedPenaltyFen: plan.result.waivedPenaltyFen, capitalised: plan.result.capitalised, classFloor: floor },
      reason,
    });
    return { id, status: 'approved' as const, loanId: r.loan_id, fromVersion: p.loan.scheduleVersion, toVersion, classFloor: floor, observationStart: obs.periodStart, observationEarliestEnd: obs.earliestEnd };
  });
}

/** A rejection needs a reason and the same separation of maker and checker, but no amount limit. */
export async function rejectRestructuring(db: Kysely<DB>, who: Checker, id: number, reason: string) {
  return db.transaction().execute(async (trx) => {
    const r = await lockPending(trx, id);
    if (r.requested_by_user_id === who.userId) throw new AppError('forbidden', t('申请人不能审批自己的申请', 'the person who made a request cannot decide it'));
    const today = await currentBusinessDate(trx);
    await trx
      .updateTable('restructuring')
      .set({ status: 'rejected', decided_by: who.name, decided_by_user_id: who.userId, decided_on: today, decided_at: sql<string>`now()`, decision_reason: reason })
      .where('id', '=', id)
      .execute();
    const path = await trx.selectFrom('branch').select('path').where('id', '=', r.branch_id).executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'restructuring.reject', entityType: 'restructuring', entityId: id, branchPath: path.path, before: { status: 'pending' }, after: { status: 'rejected' }, reason });
    return { id, status: 'rejected' as const, loanId: r.loan_id };
  });
}

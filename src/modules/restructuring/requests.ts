import { type Kysely, sql } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import type { RestructureTerms } from '../../domain/restructuring/options.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { enforceQuota } from './limits.js';
import { planRestructuring } from './plan.js';
import { loadPosition } from './position.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** A dry run of the terms on the business date: old schedule against new, nothing stored. */
export async function previewRestructuring(db: Kysely<DB>, loanId: number, terms: RestructureTerms) {
  const on = await currentBusinessDate(db);
  const p = await loadPosition(db, loanId, on);
  const plan = planRestructuring(p, terms);
  return {
    loanId,
    effectiveOn: on,
    positionHash: p.hash,
    position: p.position as unknown as Record<string, unknown>,
    oldSchedule: p.ledger.terms.installments.map((i) => ({ seq: i.seq, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen, paymentFen: i.paymentFen, balanceAfterFen: i.balanceAfterFen })),
    newSchedule: plan.installments?.map((i) => ({ seq: i.seq, dueDate: i.dueDate, principalFen: i.principalFen, interestFen: i.interestFen, paymentFen: i.paymentFen, balanceAfterFen: i.balanceAfterFen })) ?? null,
    capitalised: plan.result.capitalised,
    waivedPenaltyFen: plan.result.waivedPenaltyFen,
    comparison: plan.result.comparison as unknown as Record<string, unknown>,
    size: plan.size,
  };
}

/** 次级 or worse on the last close, or restructured before and missed a payment under it. */
async function wasNonPerforming(db: Kysely<DB>, loanId: number): Promise<boolean> {
  const status = await db.selectFrom('loan_status').select('risk_class').where('loan_id', '=', loanId).executeTakeFirst();
  if (status && ['substandard', 'doubtful', 'loss'].includes(status.risk_class)) return true;
  const broken = await db.selectFrom('restructuring').select('id').where('loan_id', '=', loanId).where('status', '=', 'approved').where(sql<boolean>`observation_missed <> '[]'::jsonb`).executeTakeFirst();
  return broken !== undefined;
}

export interface RequestInput {
  terms: RestructureTerms;
  hardshipAssessmentId: number;
  reason: string;
  positionHash?: string | undefined;
}

/** The maker's half: stores the request with the position it was made on; the quota is checked now and again at approval. */
export async function requestRestructuring(db: Kysely<DB>, who: AuditWho, loanId: number, input: RequestInput) {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('loan').select('id').where('id', '=', loanId).forUpdate().executeTakeFirst();
    const on = await currentBusinessDate(trx);
    const p = await loadPosition(trx, loanId, on);
    if (input.positionHash !== undefined && input.positionHash !== p.hash) {
      throw new AppError('conflict', t('预览之后贷款已有变动（如新的还款），请重新预览', 'the loan has changed since the preview (a payment, say): preview again'), [{ field: 'positionHash', message: 'stale' }]);
    }
    const assessment = await trx.selectFrom('hardship_assessment').select(['id', 'loan_id']).where('id', '=', input.hardshipAssessmentId).executeTakeFirst();
    if (!assessment || assessment.loan_id !== loanId) {
      throw new AppError('validation', t('困难评估不属于该贷款', 'the hardship assessment is not of this loan'), [{ field: 'hardshipAssessmentId', message: 'not found for this loan' }]);
    }
    const pending = await trx.selectFrom('restructuring').select('id').where('loan_id', '=', loanId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw new AppError('conflict', t(`该贷款已有待审批的重组申请 #${pending.id}`, `the loan already has a pending restructuring request #${pending.id}`));
    const plan = planRestructuring(p, input.terms);
    await enforceQuota(trx, p.loan.branchId, on, plan.size);
    const row = await trx
      .insertInto('restructuring')
      .values({
        loan_id: loanId,
        branch_id: p.loan.branchId,
        hardship_assessment_id: input.hardshipAssessmentId,
        terms: JSON.stringify(input.terms),
        effective_on: on,
        position: JSON.stringify(p.position),
        position_hash: p.hash,
        comparison: JSON.stringify(plan.result.comparison),
        waived_fen: plan.size.waivedFen,
        extra_months: plan.size.extraMonths,
        was_non_performing: await wasNonPerforming(trx, loanId),
        reason: input.reason,
        requested_by: who.name,
        requested_by_user_id: who.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = await trx.selectFrom('branch').select('path').where('id', '=', p.loan.branchId).executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'restructuring.request', entityType: 'restructuring', entityId: row.id, branchPath: path.path, after: { loanId, terms: input.terms, size: plan.size }, reason: input.reason });
    return { id: row.id, status: 'pending' as const, effectiveOn: on as BusinessDate, positionHash: p.hash, size: plan.size, comparison: plan.result.comparison };
  });
}

import type { Kysely } from 'kysely';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB, OwnerKind } from '../../db/schema.js';
import { inBranchScope } from '../../domain/access.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { openCaseForUpdate } from './case-lookup.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/**
 * A manager's manual allocation or recall: the new owner (or none: back to the rules at the next
 * close) must lie within the manager's scope, and a collector must have current training; the
 * owner history records who did it and why.
 */
export async function assignCase(db: Kysely<DB>, actor: Actor, who: AuditWho, caseId: number, to: { kind: OwnerKind; id: number } | null, reason: string) {
  return db.transaction().execute(async (trx) => {
    const c = await openCaseForUpdate(trx, caseId);
    const date = await currentBusinessDate(trx);
    if (to !== null) {
      const path = await ownerPath(trx, to);
      if (path === null) throw new AppError('validation', t('没有这个负责人', 'No such owner'), [{ field: 'ownerId', message: 'not found' }]);
      if (!inBranchScope(actor.branchPath, path)) throw new AppError('out-of-scope');
    }
    if (to?.kind === 'collector') {
      const p = await trx.selectFrom('collector_profile').select('training_valid_until').where('user_id', '=', to.id).executeTakeFirst();
      if (p?.training_valid_until == null || p.training_valid_until < date) {
        throw new AppError('validation', t('该催收员培训未在有效期内，不能接案', 'That collector has no current training and may not work cases'), [{ field: 'ownerId', message: 'training not current' }]);
      }
    }
    await trx
      .updateTable('collection_case')
      .set({ owner_kind: to?.kind ?? null, owner_id: to?.id ?? null, owner_since: to === null ? null : date, owner_until: null, allocation_rule_id: null, owner_bucket: null })
      .where('id', '=', caseId)
      .execute();
    await trx
      .insertInto('collection_case_owner')
      .values({ case_id: caseId, business_date: date, from_kind: c.owner_kind, from_id: c.owner_id, to_kind: to?.kind ?? null, to_id: to?.id ?? null, why: to === null ? 'recall' : 'manual', detail: reason, by_user_id: actor.userId, by_name: actor.username })
      .execute();
    if (to === null || to.kind !== 'collector' || to.id !== c.owner_id) {
      await trx.updateTable('collection_task').set({ status: 'open', held_by: null, held_until: null }).where('case_id', '=', caseId).where('status', '=', 'held').execute();
    }
    await recordAudit(trx, who, { action: 'collection.assign', entityType: 'collection_case', entityId: caseId, branchPath: c.path, before: { kind: c.owner_kind, id: c.owner_id }, after: to, reason });
    return { caseId, owner: to, since: to === null ? null : date };
  });
}

async function ownerPath(trx: Kysely<DB>, to: { kind: OwnerKind; id: number }): Promise<string | null> {
  if (to.kind === 'collector') {
    const u = await trx
      .selectFrom('app_user as u')
      .innerJoin('branch as b', 'b.id', 'u.branch_id')
      .innerJoin('user_role as r', (j) => j.onRef('r.user_id', '=', 'u.id').on('r.role', '=', 'collector'))
      .select('b.path')
      .where('u.id', '=', to.id)
      .where('u.active', '=', true)
      .executeTakeFirst();
    return u?.path ?? null;
  }
  if (to.kind === 'team') return (await trx.selectFrom('branch').select('path').where('id', '=', to.id).executeTakeFirst())?.path ?? null;
  const a = await trx.selectFrom('collection_agency as a').innerJoin('branch as b', 'b.id', 'a.branch_id').select('b.path').where('a.id', '=', to.id).where('a.active', '=', true).executeTakeFirst();
  return a?.path ?? null;
}

import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { HoldKind } from '../../domain/compliance/index.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

/**
 * 停催: a hold stops every contact about the loan (the compliance guard's holds rule) from now
 * until its expiry or its release; it carries a reason, and a release carries one too. A hold
 * is never edited: it is released, once.
 */
const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

function holdView(h: { id: number; loan_id: number; kind: string; reason: string; from_at: string; until_at: string | null; placed_by: string; released_at: string | null; released_by: string | null; release_reason: string | null }) {
  return { id: h.id, loanId: h.loan_id, kind: h.kind, reason: h.reason, from: h.from_at, until: h.until_at, placedBy: h.placed_by, releasedAt: h.released_at, releasedBy: h.released_by, releaseReason: h.release_reason };
}

async function loanPath(trx: Kysely<DB>, loanId: number): Promise<string> {
  const loan = await trx.selectFrom('loan as l').innerJoin('branch as b', 'b.id', 'l.branch_id').select('b.path').where('l.id', '=', loanId).forUpdate('l').executeTakeFirst();
  if (!loan) throw new AppError('not-found');
  return loan.path;
}

export async function placeHold(db: Kysely<DB>, who: AuditWho, loanId: number, input: { kind: HoldKind; reason: string; until?: string | undefined }, now: Date) {
  if (input.until !== undefined && Date.parse(input.until) <= now.getTime()) {
    throw new AppError('validation', t('到期时间须晚于现在', 'The expiry must be later than now'), [{ field: 'until', message: 'must be in the future' }]);
  }
  return db.transaction().execute(async (trx) => {
    const path = await loanPath(trx, loanId);
    const row = await trx
      .insertInto('collection_hold')
      .values({ loan_id: loanId, kind: input.kind, reason: input.reason, from_at: now.toISOString(), until_at: input.until ?? null, placed_by_user_id: who.userId, placed_by: who.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'collection.hold', entityType: 'loan', entityId: loanId, branchPath: path, after: { holdId: row.id, kind: row.kind, until: row.until_at }, reason: input.reason });
    return holdView(row);
  });
}

export async function releaseHold(db: Kysely<DB>, who: AuditWho, loanId: number, holdId: number, reason: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    const path = await loanPath(trx, loanId);
    const hold = await trx.selectFrom('collection_hold').selectAll().where('id', '=', holdId).where('loan_id', '=', loanId).forUpdate().executeTakeFirst();
    if (!hold) throw new AppError('not-found');
    if (hold.released_at !== null) throw new AppError('conflict', t(`该停催已于 ${hold.released_at} 解除`, `this hold was released at ${hold.released_at}`));
    const row = await trx
      .updateTable('collection_hold')
      .set({ released_at: now.toISOString(), released_by_user_id: who.userId, released_by: who.name, release_reason: reason })
      .where('id', '=', holdId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'collection.hold_release', entityType: 'loan', entityId: loanId, branchPath: path, before: { holdId, kind: hold.kind, until: hold.until_at }, after: { releasedAt: row.released_at }, reason });
    return holdView(row);
  });
}

export async function listHolds(db: Kysely<DB>, loanId: number) {
  const rows = await db.selectFrom('collection_hold').selectAll().where('loan_id', '=', loanId).orderBy('id').execute();
  return rows.map(holdView);
}

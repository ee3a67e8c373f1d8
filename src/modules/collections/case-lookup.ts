import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { inBranchScope } from '../../domain/access.js';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/**
 * Who may act on a case: the loan's branch line, as for every loan, and also whoever owns the case
 * (a collector, a team, an agency's branch) and the units above them. Collectors sit in teams
 * beneath the branch that books the loan, so the loan's branch alone would shut them out of the
 * very cases they are given. The path returned is the one in the actor's scope when either is,
 * else the loan's (which the access check then refuses).
 */
async function accessPath(db: Kysely<DB>, actor: Actor, where: { caseId: number } | { taskId: number } | { loanId: number }): Promise<string | null> {
  const filter =
    'caseId' in where
      ? sql`c.id = ${where.caseId}`
      : 'taskId' in where
        ? sql`c.id = (SELECT case_id FROM collection_task WHERE id = ${where.taskId})`
        : sql`c.loan_id = ${where.loanId} AND c.closed_on IS NULL`;
  const { rows } = await sql<{ loan_path: string; owner_path: string | null }>`
    SELECT lb.path AS loan_path, coalesce(ub.path, tb.path, ab.path) AS owner_path
      FROM collection_case c
      JOIN loan l ON l.id = c.loan_id
      JOIN branch lb ON lb.id = l.branch_id
      LEFT JOIN app_user u ON c.owner_kind = 'collector' AND u.id = c.owner_id
      LEFT JOIN branch ub ON ub.id = u.branch_id
      LEFT JOIN branch tb ON c.owner_kind = 'team' AND tb.id = c.owner_id
      LEFT JOIN collection_agency a ON c.owner_kind = 'agency' AND a.id = c.owner_id
      LEFT JOIN branch ab ON ab.id = a.branch_id
     WHERE ${filter}`.execute(db);
  const row = rows[0];
  if (!row) return null;
  return row.owner_path !== null && inBranchScope(actor.branchPath, row.owner_path) ? row.owner_path : row.loan_path;
}

export const caseAccessPath = (db: Kysely<DB>, actor: Actor, caseId: number) => accessPath(db, actor, { caseId });

export async function taskAccessPath(db: Kysely<DB>, actor: Actor, taskId: number): Promise<string | null> {
  return (await accessPath(db, actor, { taskId })) ?? taskBranchPath(db, taskId);
}

/** A loan's branch, or the owner of its open case when that is in the actor's scope. */
export async function loanAccessPath(db: Kysely<DB>, actor: Actor, loanId: number): Promise<string | null> {
  return (await accessPath(db, actor, { loanId })) ?? (await db.selectFrom('loan as l').innerJoin('branch as b', 'b.id', 'l.branch_id').select('b.path').where('l.id', '=', loanId).executeTakeFirst())?.path ?? null;
}

export async function taskBranchPath(db: Kysely<DB>, taskId: number): Promise<string | null> {
  const row = await db
    .selectFrom('collection_task as t')
    .innerJoin('loan as l', 'l.id', 't.loan_id')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .select('b.path')
    .where('t.id', '=', taskId)
    .executeTakeFirst();
  return row?.path ?? null;
}

/** An open case, locked for the change about to be made to it; a closed one is a conflict. */
export async function openCaseForUpdate(trx: Kysely<DB>, caseId: number) {
  const c = await trx
    .selectFrom('collection_case as c')
    .innerJoin('loan as l', 'l.id', 'c.loan_id')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .select(['c.id', 'c.loan_id', 'c.closed_on', 'c.close_reason', 'c.owner_kind', 'c.owner_id', 'l.borrower_id', 'l.branch_id', 'b.path'])
    .where('c.id', '=', caseId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!c) throw new AppError('not-found');
  if (c.closed_on !== null) throw new AppError('conflict', t(`案件已于 ${c.closed_on} 结案（${c.close_reason}）`, `the case was closed on ${c.closed_on} (${c.close_reason})`));
  return c;
}

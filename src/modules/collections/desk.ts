import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { inBranchScope, rolesGranting } from '../../domain/access.js';
import { maskName, maskPhone } from '../../domain/masking.js';
import { borrowerMobile } from './compliance-context.js';
import { likePrefix } from '../../api/access.js';
import { type TaskRow, taskViews } from './queue.js';

/**
 * Small reads the collector's desk needs beside the case itself: a collector's tasks, the cases of
 * a loan (for the loan 360), who may be contacted on a case, and the colleagues who may be named on
 * a field visit. Personal data leaves masked: the guard dials the number on file, nobody types it.
 */

const MAX_TASKS = 200;

/**
 * A collector's tasks: those they hold now, then the open ones of cases they own, most urgent
 * first. Each row must lie in the asker's scope by the loan's branch or by the collector's unit,
 * as a case does (case-lookup.ts): collectors sit in teams beneath the loans' branch. The held
 * ones come by the holder's index, the others by the collector's cases, found in one pass over
 * the cases (the owner is not indexed: migration 0026), and their tasks by case: asked as one
 * condition with an OR, both tables were read whole: at 1,000,000 loans ten collectors' lists took
 * 0.32–0.98 s that way (medians 0.38–0.56 s), 0.08–0.48 s this way (medians 0.12–0.18 s). The
 * collector's unit is looked at first: in the asker's scope, every row is; if
 * not, only the rows whose loan's branch is. Left in the statement as an OR of the two branches'
 * paths, it made the planner hash every loan of the book (2–3 s).
 */
export async function collectorTasks(db: Kysely<DB>, actor: Actor, collectorId: number, now: Date) {
  const like = likePrefix(actor.branchPath);
  const nowIso = now.toISOString();
  const unit = await db.selectFrom('app_user as u').innerJoin('branch as ub', 'ub.id', 'u.branch_id').select('ub.path').where('u.id', '=', collectorId).executeTakeFirst();
  if (!unit) return [];
  const { rows } = await sql<TaskRow>`
    WITH mine AS MATERIALIZED (
      SELECT c.id FROM collection_case c WHERE c.owner_kind = 'collector' AND c.owner_id = ${collectorId}
    ), picked AS (
      SELECT t.* FROM collection_task t WHERE t.status = 'held' AND t.held_by = ${collectorId} AND t.held_until > ${nowIso}::timestamptz
      UNION ALL
      SELECT t.* FROM collection_task t JOIN mine ON mine.id = t.case_id WHERE t.status = 'open' AND t.for_role = 'collector'
    )
    SELECT t.id, t.case_id, t.loan_id, l.external_id, lb.code AS branch_code, t.kind, t.action, t.segment, t.step, t.template, t.priority,
           t.created_on, t.due_by, t.status, t.held_by, t.held_until, t.done_at, t.note, t.cancelled_reason, t.explanation,
           t.facts, t.strategy_code, t.strategy_version, t.strategy_group
      FROM picked t
      JOIN loan l ON l.id = t.loan_id
      JOIN branch lb ON lb.id = l.branch_id
     ${inBranchScope(actor.branchPath, unit.path) ? sql`` : sql`WHERE lb.path LIKE ${like}`}
     ORDER BY (t.status = 'held') DESC, t.priority, t.due_by, t.id
     LIMIT ${MAX_TASKS}`.execute(db);
  return taskViews(db, rows);
}

/** Every collection case a loan has had, newest first, with its owner's name. */
export async function loanCases(db: Kysely<DB>, loanId: number) {
  const rows = await db
    .selectFrom('collection_case as c')
    .leftJoin('app_user as u', (j) => j.onRef('u.id', '=', 'c.owner_id').on('c.owner_kind', '=', 'collector'))
    .leftJoin('branch as t', (j) => j.onRef('t.id', '=', 'c.owner_id').on('c.owner_kind', '=', 'team'))
    .leftJoin('collection_agency as a', (j) => j.onRef('a.id', '=', 'c.owner_id').on('c.owner_kind', '=', 'agency'))
    .select(['c.id', 'c.opened_on', 'c.reason', 'c.closed_on', 'c.close_reason', 'c.owner_kind', 'c.owner_id', 'c.owner_since', 'c.segment', 'c.strategy_code', 'c.strategy_version'])
    .select(['u.display_name as user_name', 't.name_zh as team_zh', 't.name_en as team_en', 'a.name_zh as agency_zh', 'a.name_en as agency_en'])
    .where('c.loan_id', '=', loanId)
    .orderBy('c.id', 'desc')
    .execute();
  return rows.map((r) => {
    const name = r.user_name !== null ? { 'zh-CN': r.user_name, 'en-US': r.user_name } : r.team_zh !== null ? { 'zh-CN': r.team_zh, 'en-US': r.team_en! } : r.agency_zh !== null ? { 'zh-CN': r.agency_zh, 'en-US': r.agency_en! } : null;
    return {
      id: r.id,
      openedOn: r.opened_on,
      reason: r.reason,
      closedOn: r.closed_on,
      closeReason: r.close_reason,
      owner: r.owner_kind === null || r.owner_id === null ? null : { kind: r.owner_kind, id: r.owner_id, since: r.owner_since, name },
      segment: r.segment,
      strategy: r.strategy_code === null ? null : `${r.strategy_code}@${r.strategy_version}`,
    };
  });
}

/** Who may be contacted on a case: the borrower and their guarantors and emergency contacts, masked. */
export async function caseParties(db: Kysely<DB>, caseId: number) {
  const c = await db
    .selectFrom('collection_case as c')
    .innerJoin('loan as l', 'l.id', 'c.loan_id')
    .innerJoin('borrower as b', 'b.id', 'l.borrower_id')
    .select(['b.id', 'b.name'])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!c) throw new AppError('not-found');
  const mobile = await borrowerMobile(db, c.id);
  const contacts = await db.selectFrom('borrower_contact').select(['id', 'role', 'name', 'relation', 'mobile']).where('borrower_id', '=', c.id).orderBy('id').execute();
  return {
    borrower: { name: maskName(c.name), mobile: mobile === null ? null : maskPhone(mobile) },
    contacts: contacts.map((x) => ({ id: x.id, role: x.role, name: maskName(x.name), relation: x.relation, mobile: x.mobile === null ? null : maskPhone(x.mobile) })),
  };
}

/** Active users in the asker's scope who may work cases: the colleagues a field visit can name. */
export async function collectorsInScope(db: Kysely<DB>, actor: Actor) {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('branch as b', 'b.id', 'u.branch_id')
    .select(['u.id', 'u.display_name', 'b.code as branch_code'])
    .where('u.active', '=', true)
    .where('b.path', 'like', likePrefix(actor.branchPath))
    .where((eb) => eb.exists(eb.selectFrom('user_role as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', 'in', rolesGranting('collection.work'))))
    .orderBy('b.path')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, branchCode: r.branch_code }));
}

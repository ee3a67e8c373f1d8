import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { contactView } from './contacts.js';
import { listHolds } from './holds.js';
import { explanationsOf } from './task-explanations.js';

/**
 * A case as the workspace shows it: the loan's state, who owns it and how it got there, every
 * task with the strategy's explanation, the contact log (refusals included), promises and holds,
 * and the case's events, so each step can be traced to its reason.
 */
export async function caseView(db: Kysely<DB>, caseId: number) {
  const c = await db
    .selectFrom('collection_case as c')
    .innerJoin('loan as l', 'l.id', 'c.loan_id')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .leftJoin('loan_status as s', 's.loan_id', 'c.loan_id')
    .select(['c.id', 'c.loan_id', 'l.external_id', 'b.code as branch_code', 'c.opened_on', 'c.reason', 'c.anchor_due', 'c.closed_on', 'c.close_reason'])
    .select(['c.owner_kind', 'c.owner_id', 'c.owner_since', 'c.owner_until', 'c.strategy_code', 'c.strategy_version', 'c.strategy_group', 'c.segment', 's.dpd', 's.bucket', 's.overdue_fen'])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!c) throw new AppError('not-found');
  const [owners, events, tasks, contacts, promises, holds] = await Promise.all([
    db.selectFrom('collection_case_owner').selectAll().where('case_id', '=', caseId).orderBy('id').execute(),
    db.selectFrom('collection_case_event').select(['id', 'business_date', 'kind', 'detail', 'at']).where('case_id', '=', caseId).orderBy('id').execute(),
    db
      .selectFrom('collection_task')
      .select(['id', 'kind', 'action', 'segment', 'step', 'priority', 'created_on', 'due_by', 'status', 'held_by', 'done_at', 'cancelled_reason', 'decision_key', 'explanation'])
      .select(['facts', 'strategy_code', 'strategy_version', 'strategy_group'])
      .where('case_id', '=', caseId)
      .orderBy('id')
      .execute(),
    db.selectFrom('collection_contact').selectAll().where('case_id', '=', caseId).orderBy('id').execute(),
    db.selectFrom('collection_promise').selectAll().where('case_id', '=', caseId).orderBy('id').execute(),
    listHolds(db, c.loan_id),
  ]);
  const explanations = await explanationsOf(db, tasks);
  return {
    id: c.id,
    loanId: c.loan_id,
    loanExternalId: c.external_id,
    branchCode: c.branch_code,
    openedOn: c.opened_on,
    reason: c.reason,
    anchorDue: c.anchor_due,
    closedOn: c.closed_on,
    closeReason: c.close_reason,
    dpd: c.dpd,
    bucket: c.bucket,
    overdueFen: c.overdue_fen,
    owner: c.owner_kind === null ? null : { kind: c.owner_kind, id: c.owner_id, since: c.owner_since, until: c.owner_until },
    strategy: c.strategy_code === null ? null : { code: c.strategy_code, version: c.strategy_version, group: c.strategy_group, segment: c.segment },
    ownerHistory: owners.map((o) => ({ on: o.business_date, from: o.from_kind === null ? null : { kind: o.from_kind, id: o.from_id }, to: o.to_kind === null ? null : { kind: o.to_kind, id: o.to_id }, why: o.why, detail: o.detail, rule: o.rule_code, by: o.by_name })),
    events: events.map((e) => ({ id: e.id, on: e.business_date, kind: e.kind, detail: e.detail as Record<string, unknown> | null })),
    tasks: tasks.map((t, i) => ({
      id: t.id,
      kind: t.kind,
      action: t.action,
      segment: t.segment,
      step: t.step,
      priority: t.priority,
      createdOn: t.created_on,
      dueBy: t.due_by,
      status: t.status,
      heldBy: t.held_by,
      doneAt: t.done_at,
      cancelledReason: t.cancelled_reason,
      key: t.decision_key,
      explanation: explanations[i]!,
    })),
    contacts: contacts.map(contactView),
    promises: promises.map((p) => ({ id: p.id, madeOn: p.made_on, instalments: p.instalments as { dueDate: string; amountFen: number }[], totalFen: p.total_fen, state: p.state, brokenOn: p.broken_on, settledOn: p.settled_on })),
    holds,
  };
}

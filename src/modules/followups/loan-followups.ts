import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** At most this many tasks of one loan are listed: a loan of many years has a few dozen. */
const LIMIT = 200;

/**
 * A loan's follow-ups for its 360 page: every task, newest deadline first, with the follow-up that
 * did it (when it was this task's own) and how many versions that follow-up has had: the original
 * plus each amendment in effect, and the amendments still waiting for a supervisor.
 */
export async function loanFollowUps(db: Kysely<DB>, loanId: number) {
  const rows = await db
    .selectFrom('followup_task as t')
    .leftJoin('followup as f', 'f.task_id', 't.id')
    .leftJoin('app_user as u', 'u.id', 't.assigned_user_id')
    .select((eb) => [
      't.id',
      't.kind',
      't.trigger',
      't.item',
      't.channel',
      't.due_on',
      't.done_by',
      't.status',
      't.closed_on',
      't.done_followup_id',
      't.cancelled_reason',
      'u.display_name as assignee',
      'f.task_id as followup_id',
      'f.completed_on',
      'f.agent_name',
      'f.has_discrepancy',
      'f.unreachable',
      eb
        .selectFrom('followup_amendment as a')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('a.followup_id', '=', 'f.task_id')
        .where('a.version', 'is not', null)
        .as('amended'),
      eb
        .selectFrom('followup_amendment as a')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('a.followup_id', '=', 'f.task_id')
        .where('a.status', '=', 'pending')
        .as('pending'),
    ])
    .where('t.loan_id', '=', loanId)
    .orderBy('t.done_by', 'desc')
    .orderBy('t.id', 'desc')
    .limit(LIMIT)
    .execute();
  return rows.map((r) => ({
    taskId: r.id,
    kind: r.kind,
    trigger: r.trigger,
    item: r.item,
    channel: r.channel,
    dueOn: r.due_on,
    doneBy: r.done_by,
    status: r.status,
    closedOn: r.closed_on,
    // done by another follow-up of the loan (one answers every scheduled task already due)
    doneByFollowUpId: r.done_followup_id,
    cancelledReason: r.cancelled_reason,
    assignee: r.assignee,
    followUp:
      r.followup_id === null
        ? null
        : {
            id: r.followup_id,
            completedOn: r.completed_on as string,
            agent: r.agent_name as string,
            hasDiscrepancy: r.has_discrepancy as boolean,
            unreachable: r.unreachable as boolean,
            // the original is version 0: versions = amendments in effect + 1
            versions: Number(r.amended ?? 0) + 1,
            pendingAmendments: Number(r.pending ?? 0),
          },
  }));
}

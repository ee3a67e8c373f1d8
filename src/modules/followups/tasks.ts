import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { pathInScope } from '../../api/access.js';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB, FollowupTaskKind } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type DueFollowUp, dueFollowUps } from '../../domain/followups/due.js';
import { RISK_GRADES } from '../../domain/followups/policy.js';
import { maskName } from '../../domain/masking.js';
import { loadAgentPools } from './agent-pools.js';
import { followUpFactsForRange } from './due-facts.js';
import { type OutboundChannel, outboxChannel } from './outbox.js';
import { effectivePolicies } from './policies.js';

/**
 * Due follow-up tasks: close of business calls `runFollowUpsForDate` after it has published the
 * day. Loans are read an id range at a time (two statements), the pure rule decides what each
 * owes, and the new tasks, each with its agent planned in memory, are inserted by key in one
 * statement per range: a rerun, or a later day, adds nothing already there.
 */
const LOANS_PER_RANGE = 20_000;

export interface NewTask {
  key: string;
  loanId: number;
  branchId: number;
  kind: FollowupTaskKind;
  trigger: string | null;
  item: string | null;
  channel: 'phone' | 'message' | 'field';
  fieldReasons: string[];
  dueOn: string;
  doneBy: string;
  policyVersion: number | null;
  createdOn: string;
  sourceFollowupId: number | null;
  sourceAmendmentId: number | null;
  /** planned by the run (agent-pools.ts); otherwise assignOpenTasks assigns it */
  assignedUserId?: number | null;
}

/** Inserts tasks by key, skipping keys that exist; returns the ids of those inserted. */
export async function insertTasks(db: Kysely<DB>, tasks: readonly NewTask[]): Promise<number[]> {
  if (tasks.length === 0) return [];
  const col = <K extends keyof NewTask>(k: K, type: Parameters<typeof arrayLiteral>[1]) => sql`${arrayLiteral(tasks.map((t) => t[k]), type)}::${sql.raw(type)}[]`;
  // text[] per row cannot be an unnest column: the reasons travel joined and are split back
  const reasons = sql`${arrayLiteral(tasks.map((t) => t.fieldReasons.join(',')), 'text')}::text[]`;
  const { rows } = await sql<{ id: number }>`
    INSERT INTO followup_task (key, loan_id, branch_id, kind, trigger, item, channel, field_reasons, due_on, done_by, policy_version, created_on, source_followup_id, source_amendment_id,
                               assigned_user_id, assigned_on)
    SELECT key, loan_id, branch_id, kind, trigger, item, channel, CASE WHEN reasons = '' THEN '{}'::text[] ELSE string_to_array(reasons, ',') END,
           due_on, done_by, policy_version, created_on, source_followup_id, source_amendment_id, assigned_user_id, CASE WHEN assigned_user_id IS NOT NULL THEN created_on END
      FROM unnest(${col('key', 'text')}, ${col('loanId', 'bigint')}, ${col('branchId', 'bigint')}, ${col('kind', 'text')}, ${col('trigger', 'text')}, ${col('item', 'text')},
                  ${col('channel', 'text')}, ${reasons}, ${col('dueOn', 'date')}, ${col('doneBy', 'date')}, ${col('policyVersion', 'integer')}, ${col('createdOn', 'date')},
                  ${col('sourceFollowupId', 'bigint')}, ${col('sourceAmendmentId', 'bigint')}, ${col('assignedUserId', 'bigint')})
           AS x(key, loan_id, branch_id, kind, trigger, item, channel, reasons, due_on, done_by, policy_version, created_on, source_followup_id, source_amendment_id, assigned_user_id)
    ON CONFLICT (key) DO NOTHING
    RETURNING id`.execute(db);
  return rows.map((r) => r.id);
}

export function taskOf(due: DueFollowUp, branchId: number, policyVersion: number, createdOn: BusinessDate): NewTask {
  return {
    key: due.key,
    loanId: due.loanId,
    branchId,
    kind: due.kind,
    trigger: due.trigger,
    item: null,
    channel: due.channel,
    fieldReasons: due.fieldReasons,
    dueOn: due.dueOn,
    doneBy: due.doneBy,
    policyVersion,
    createdOn,
    sourceFollowupId: null,
    sourceAmendmentId: null,
  };
}

export interface FollowUpRun {
  businessDate: BusinessDate;
  loansRead: number;
  tasksCreated: number;
  tasksAssigned: number;
}

export async function runFollowUpsForDate(db: Kysely<DB>, businessDate: BusinessDate, channel: OutboundChannel = outboxChannel): Promise<FollowUpRun> {
  const policies = await effectivePolicies(db, businessDate);
  const run: FollowUpRun = { businessDate, loansRead: 0, tasksCreated: 0, tasksAssigned: 0 };
  if (policies.size === 0) return run;
  const start = await db.selectFrom('followup_policy').select((eb) => eb.fn.min('effective_from').as('first')).executeTakeFirstOrThrow();
  const policyStart = String(start.first) as BusinessDate;
  // a period per branch and grade: the behaviour score's grade sets how often a loan is followed up
  const periods = [...policies.values()].flatMap((p) => RISK_GRADES.map((grade) => ({ branchId: p.branchId, grade, months: p.policy.periodicMonthsByGrade[grade] })));
  const bounds = await db.selectFrom('loan').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).where('status', '=', 'active').executeTakeFirstOrThrow();
  if (bounds.lo === null || bounds.hi === null) return run;
  const pools = await loadAgentPools(db);
  for (let lo = Number(bounds.lo); lo <= Number(bounds.hi); lo += LOANS_PER_RANGE) {
    // one transaction per range: its tasks and their reminders are written together or not at all
    await db.transaction().execute(async (trx) => {
      // the planner's estimates for these joins are high enough to start JIT, which then costs
      // seconds per range (measured) for queries that run in a fraction of one
      await sql`SET LOCAL jit = off`.execute(trx);
      const facts = await followUpFactsForRange(trx, businessDate, lo, lo + LOANS_PER_RANGE - 1, periods, policyStart);
      run.loansRead += facts.length;
      const due = facts.flatMap((f) => {
        const p = policies.get(f.branchId)!;
        return dueFollowUps(p.policy, f, businessDate).map((d) => taskOf(d, f.branchId, p.headOfficeVersion, businessDate));
      });
      // most keys a loan owes already have their task: only the new ones get an agent
      const { rows: existing } = await sql<{ key: string }>`SELECT key FROM followup_task WHERE key = ANY(${arrayLiteral(due.map((t) => t.key), 'text')}::text[])`.execute(trx);
      const known = new Set(existing.map((r) => r.key));
      const tasks = due.filter((t) => !known.has(t.key)).sort((a, b) => (a.doneBy < b.doneBy ? -1 : a.doneBy > b.doneBy ? 1 : a.key < b.key ? -1 : 1));
      for (const t of tasks) t.assignedUserId = pools.take(t.branchId);
      const created = await insertTasks(trx, tasks);
      run.tasksCreated += created.length;
      run.tasksAssigned += tasks.filter((t) => t.assignedUserId !== null).length;
      await remindNewBorrowers(trx, created, channel);
    });
  }
  // tasks left without an agent (none in reach then, or created elsewhere) get one now if they can
  run.tasksAssigned += await assignOpenTasks(db, businessDate);
  return run;
}

/**
 * A newly disbursed loan's borrower is told by SMS that the bank will call, and by when: a call
 * they expect is a call they take. Read and written for all of a range's new tasks at once.
 */
async function remindNewBorrowers(db: Kysely<DB>, taskIds: readonly number[], channel: OutboundChannel): Promise<void> {
  if (taskIds.length === 0) return;
  const rows = await db
    .selectFrom('followup_task as t')
    .innerJoin('loan as l', 'l.id', 't.loan_id')
    .innerJoin('borrower as p', 'p.id', 'l.borrower_id')
    .innerJoinLateral(
      (eb) => eb.selectFrom('borrower_fact as f').select('f.value').whereRef('f.borrower_id', '=', 'p.id').where('f.fact', '=', 'mobile').orderBy('f.effective_from', 'desc').orderBy('f.id', 'desc').limit(1).as('m'),
      (join) => join.onTrue(),
    )
    .select(['t.loan_id', 't.done_by', 'p.name', 'm.value as mobile'])
    .where('t.id', 'in', taskIds)
    .where('t.kind', '=', 'post_disbursement')
    .execute();
  await channel.send(
    db,
    rows.map((r) => ({ channel: 'sms' as const, to: r.mobile, template: 'followup_reminder' as const, lang: 'zh-CN' as const, params: { name: r.name, date: r.done_by }, loanId: r.loan_id })),
  );
}

/**
 * Gives every open unassigned task to a follow-up agent of the loan's branch (or, when it has none,
 * of the nearest branch above it that has some), least loaded first: each agent offers slots at
 * the load levels above their current one, and the tasks (soonest deadline first) take the lowest
 * slots, so loads even out (water-filling). One statement for all tasks, whatever their number;
 * each agent offers no more slots than the most loaded one's level plus an even share.
 */
export async function assignOpenTasks(db: Kysely<DB>, businessDate: BusinessDate): Promise<number> {
  const result = await sql`
    WITH agents AS (
      -- an agent in a team (回访组) works the team's branch (the branch is their scope too)
      SELECT u.id AS user_id, CASE WHEN b.kind = 'team' THEN b.parent_id ELSE u.branch_id END AS branch_id,
             (SELECT count(*) FROM followup_task o WHERE o.assigned_user_id = u.id AND o.status = 'open')::int AS load
        FROM app_user u JOIN user_role r ON r.user_id = u.id AND r.role = 'followup_agent'
        JOIN branch b ON b.id = u.branch_id
       WHERE u.active
    ), pool AS (
      -- the deepest branch at or above each task's branch that has agents
      SELECT DISTINCT ON (tb.id) tb.id AS task_branch, ab.id AS agent_branch
        FROM branch tb JOIN branch ab ON tb.path LIKE ab.path || '%'
       WHERE ab.id IN (SELECT branch_id FROM agents)
       ORDER BY tb.id, length(ab.path) DESC
    ), todo AS (
      SELECT t.id, p.agent_branch, row_number() OVER (PARTITION BY p.agent_branch ORDER BY t.done_by, t.id) AS n
        FROM followup_task t JOIN pool p ON p.task_branch = t.branch_id
       WHERE t.status = 'open' AND t.assigned_user_id IS NULL
    ), need AS (
      SELECT agent_branch, count(*)::int AS tasks FROM todo GROUP BY agent_branch
    ), team AS (
      SELECT branch_id, count(*)::int AS agents, max(load) AS max_load FROM agents GROUP BY branch_id
    ), slots AS (
      SELECT a.user_id, a.branch_id, row_number() OVER (PARTITION BY a.branch_id ORDER BY s.level, a.load, a.user_id) AS n
        FROM agents a JOIN team ON team.branch_id = a.branch_id JOIN need ON need.agent_branch = a.branch_id
        CROSS JOIN LATERAL generate_series(a.load + 1, team.max_load + (need.tasks + team.agents - 1) / team.agents) AS s(level)
    ), paired AS (
      -- the n-th task takes the n-th slot: paired by grouping, not by a join, so a stale row
      -- estimate (tasks inserted a moment ago) cannot turn the pairing into a nested loop
      SELECT max(x.task_id) AS task_id, max(x.user_id) AS user_id
        FROM (SELECT agent_branch AS branch_id, n, id AS task_id, NULL::bigint AS user_id FROM todo
              UNION ALL
              SELECT branch_id, n, NULL::bigint, user_id FROM slots) x
       GROUP BY x.branch_id, x.n
      HAVING count(x.task_id) = 1 AND count(x.user_id) = 1
    )
    UPDATE followup_task ft SET assigned_user_id = paired.user_id, assigned_on = ${businessDate}
      FROM paired
     WHERE ft.id = paired.task_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** An agent's open follow-ups, soonest deadline first, within the agent's branch scope. */
export async function myOpenTasks(db: Kysely<DB>, actor: Actor) {
  const rows = await db
    .selectFrom('followup_task as t')
    .innerJoin('branch as b', 'b.id', 't.branch_id')
    .innerJoin('loan as l', 'l.id', 't.loan_id')
    .innerJoin('borrower as p', 'p.id', 'l.borrower_id')
    .select(['t.id', 't.kind', 't.trigger', 't.item', 't.channel', 't.field_reasons', 't.due_on', 't.done_by', 't.loan_id', 'l.external_id', 'p.name', 'b.code as branch_code'])
    .where('t.assigned_user_id', '=', actor.userId)
    .where('t.status', '=', 'open')
    .where('b.path', ...pathInScope(actor))
    .orderBy('t.done_by')
    .orderBy('t.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    trigger: r.trigger,
    item: r.item,
    channel: r.channel,
    fieldReasons: r.field_reasons,
    dueOn: r.due_on,
    doneBy: r.done_by,
    loanId: r.loan_id,
    loanExternalId: r.external_id,
    borrowerName: maskName(r.name),
    branchCode: r.branch_code,
  }));
}

import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type ContactContext, nextAllowedContact } from '../../domain/compliance/index.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { ACTION_CHANNEL, contexts, packAt } from './compliance-context.js';
import { instantOf } from './time.js';
import { explanationsOf } from './task-explanations.js';
import { likePrefix } from '../../api/access.js';

/**
 * The work queue. `claimNext` gives a collector the most urgent task they may work now and holds
 * it for them: tasks of cases they own or their team's queue owns (and, for managers, their
 * branches' escalations), in order of priority then SLA. Candidates are locked with FOR UPDATE
 * SKIP LOCKED, so two claimers never get the same task and neither waits for the other; those
 * the compliance guard would not let them contact now are passed over (and left for later). A
 * hold lasts HOLD_MINUTES; after that the task is back in the queue. A collector holding a task
 * gets the same one again until they complete or release it.
 */
export const HOLD_MINUTES = 15;
const CANDIDATES = 10;
const MAX_ROUNDS = 10;

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** A task as the queue and the desk select it, joined to its loan and the loan's branch. */
export interface TaskRow {
  id: number;
  case_id: number;
  loan_id: number;
  external_id: string;
  branch_code: string;
  kind: 'strategy' | 'escalation' | 'warning';
  action: string;
  segment: string | null;
  step: string | null;
  template: string | null;
  priority: number;
  created_on: string;
  due_by: string;
  status: 'open' | 'held' | 'done' | 'cancelled';
  held_by: number | null;
  held_until: string | null;
  done_at: string | null;
  note: string | null;
  cancelled_reason: string | null;
  explanation: unknown;
  facts: unknown;
  strategy_code: string | null;
  strategy_version: number | null;
  strategy_group: string | null;
}

// int8, date and timestamptz arrive as number and ISO strings on both drivers (src/db/type-parsers.ts)
function toTaskView(r: TaskRow, explanation: Record<string, unknown>) {
  return {
    id: r.id,
    caseId: r.case_id,
    loanId: r.loan_id,
    loanExternalId: r.external_id,
    branchCode: r.branch_code,
    kind: r.kind,
    action: r.action,
    segment: r.segment,
    step: r.step,
    template: r.template,
    priority: r.priority,
    createdOn: r.created_on,
    dueBy: r.due_by,
    status: r.status,
    heldBy: r.held_by,
    heldUntil: r.held_until,
    doneAt: r.done_at,
    note: r.note,
    cancelledReason: r.cancelled_reason,
    explanation,
  };
}

/** Tasks as the queue and the desk show them, each with its explanation (task-explanations.ts). */
export async function taskViews(db: Kysely<DB>, rows: readonly TaskRow[]) {
  const explanations = await explanationsOf(db, rows);
  return rows.map((r, i) => toTaskView(r, explanations[i]!));
}

export async function taskView(db: Kysely<DB>, taskId: number) {
  const r = await db
    .selectFrom('collection_task as t')
    .innerJoin('loan as l', 'l.id', 't.loan_id')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .select(['t.id', 't.case_id', 't.loan_id', 'l.external_id', 'b.code as branch_code', 't.kind', 't.action', 't.segment', 't.step', 't.template', 't.priority', 't.created_on', 't.due_by', 't.status', 't.held_by', 't.held_until', 't.done_at', 't.note', 't.cancelled_reason', 't.explanation'])
    .select(['t.facts', 't.strategy_code', 't.strategy_version', 't.strategy_group'])
    .where('t.id', '=', taskId)
    .executeTakeFirstOrThrow();
  return (await taskViews(db, [r]))[0]!;
}
export type TaskView = ReturnType<typeof toTaskView>;

interface Candidate {
  id: number;
  loan_id: number;
  action: keyof typeof ACTION_CHANNEL;
  borrower_id: number;
  mobile: string | null;
}

interface CandidateQuery {
  userId: number;
  /** the actor's branches, and their own unit's (a team's queue is that team's), as LIKE prefixes */
  like: string;
  unitLike: string;
  nowIso: string;
  passed: readonly number[];
}

/** A task the queue may give: open, or held past its hold. */
const claimable = (nowIso: string) => sql`(t.status = 'open' OR (t.status = 'held' AND t.held_until <= ${nowIso}::timestamptz))`;

/** Not one the claim has already passed over this time. */
const notPassed = (passed: readonly number[]) => sql`NOT (t.id = ANY (${`{${passed.join(',')}}`}::bigint[]))`;

/** The borrower and, for a call or an SMS, the mobile number on file, for the compliance guard. */
const contactColumns = sql`l.borrower_id,
  CASE WHEN t.action IN ('call', 'sms') THEN
    (SELECT f.value FROM borrower_fact f WHERE f.borrower_id = l.borrower_id AND f.fact = 'mobile' ORDER BY f.effective_from DESC, f.id DESC LIMIT 1) END AS mobile`;

/**
 * A collector's candidates: the tasks of the cases they or their team own. The cases are found
 * first, by one pass over the open cases (the owner is not indexed: migration 0026), and their
 * tasks by case, so a claim costs what the collector's own cases cost. Taken in queue order
 * instead, the walk went through every more urgent task of the book first (the branch managers'
 * escalations, other collectors' steps) and looked each one's case up: at 1,000,000 loans the
 * slowest of ten collectors' claims took 0.74–0.87 s that way, 0.32–0.39 s this way (medians
 * 0.09 and 0.10 s). The loan is joined to the ten candidates only.
 */
async function collectorCandidates(trx: Kysely<DB>, q: CandidateQuery): Promise<Candidate[]> {
  const { rows } = await sql<Candidate>`
    WITH mine AS MATERIALIZED (
      SELECT c.id FROM collection_case c
       WHERE c.closed_on IS NULL
         AND ((c.owner_kind = 'collector' AND c.owner_id = ${q.userId})
              OR (c.owner_kind = 'team' AND c.owner_id IN (SELECT id FROM branch WHERE path LIKE ${q.unitLike})))
    )
    SELECT t.id, t.loan_id, t.action, ${contactColumns}
      FROM (SELECT t.id, t.loan_id, t.action, t.priority, t.due_by
              FROM collection_task t JOIN mine ON mine.id = t.case_id
             WHERE ${claimable(q.nowIso)} AND t.for_role = 'collector'
               AND ${notPassed(q.passed)}
             ORDER BY t.priority, t.due_by, t.id
             LIMIT ${CANDIDATES}
             FOR UPDATE OF t SKIP LOCKED) t
      JOIN loan l ON l.id = t.loan_id
     ORDER BY t.priority, t.due_by, t.id`.execute(trx);
  return rows;
}

/**
 * A manager's candidates: their own and their team's cases' tasks as a collector's, and their
 * branches' escalations, all in queue order. The escalations are the most urgent, so the walk
 * in that order finds them first (about 1 ms at 1,000,000 loans).
 */
async function managerCandidates(trx: Kysely<DB>, q: CandidateQuery): Promise<Candidate[]> {
  const { rows } = await sql<Candidate>`
    SELECT t.id, t.loan_id, t.action, ${contactColumns}
      FROM collection_task t
      JOIN collection_case c ON c.id = t.case_id
      JOIN loan l ON l.id = t.loan_id
     WHERE ${claimable(q.nowIso)}
       AND ((t.for_role = 'collector'
             AND ((c.owner_kind = 'collector' AND c.owner_id = ${q.userId})
                  OR (c.owner_kind = 'team' AND c.owner_id IN (SELECT id FROM branch WHERE path LIKE ${q.unitLike}))))
            OR (t.for_role = 'branch_manager' AND t.branch_id IN (SELECT id FROM branch WHERE path LIKE ${q.like})))
       AND ${notPassed(q.passed)}
     ORDER BY t.priority, t.due_by, t.id
     LIMIT ${CANDIDATES}
     FOR UPDATE OF t SKIP LOCKED`.execute(trx);
  return rows;
}

export async function claimNext(db: Kysely<DB>, actor: Actor, now: Date): Promise<{ task: TaskView | null; passedOver: number }> {
  return db.transaction().execute(async (trx) => {
    const nowIso = now.toISOString();
    const { rows: me } = await sql<{ held: number | null; training: string | null }>`
      SELECT (SELECT min(id) FROM collection_task WHERE status = 'held' AND held_by = ${actor.userId} AND held_until > ${nowIso}::timestamptz) AS held,
             (SELECT training_valid_until FROM collector_profile WHERE user_id = ${actor.userId}) AS training`.execute(trx);
    const held = me[0]?.held ?? null;
    if (held !== null) return { task: await taskView(trx, held), passedOver: 0 };
    const collector = { id: String(actor.userId), trainingValidUntil: (me[0]?.training ?? null) as BusinessDate | null };
    const at = instantOf(now);
    const like = likePrefix(actor.branchPath);
    // a team's queue is that team's: not the other teams of the branch
    const unitLike = likePrefix(actor.unitPath ?? actor.branchPath);
    const manager = actor.permissions.has('collection.manage');
    const passed: number[] = [];
    let pack: ReturnType<typeof packAt> | null = null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const rows = await (manager ? managerCandidates : collectorCandidates)(trx, { userId: actor.userId, like, unitLike, nowIso, passed });
      if (rows.length === 0) break;
      const contacting = rows.filter((r) => ACTION_CHANNEL[r.action] !== null);
      let ctx = new Map<number, ContactContext>();
      if (contacting.length > 0) {
        pack ??= packAt(at);
        ctx = await contexts(trx, [...new Set(contacting.map((r) => r.loan_id))], at);
      }
      for (const r of rows) {
        const channel = ACTION_CHANNEL[r.action];
        if (channel !== null) {
          const attempt = { channel, party: 'borrower' as const, partyId: `borrower:${r.borrower_id}`, ...(r.mobile ? { number: r.mobile } : {}), collector, disclosesDebt: true, purpose: 'collection' as const };
          if (nextAllowedContact(pack!, attempt, ctx.get(r.loan_id)!, at) !== at) {
            passed.push(r.id);
            continue;
          }
        }
        await trx
          .updateTable('collection_task')
          .set({ status: 'held', held_by: actor.userId, held_until: new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString() })
          .where('id', '=', r.id)
          .execute();
        return { task: await taskView(trx, r.id), passedOver: passed.length };
      }
    }
    return { task: null, passedOver: passed.length };
  });
}

async function lockTask(trx: Kysely<DB>, taskId: number) {
  const task = await trx
    .selectFrom('collection_task as t')
    .innerJoin('loan as l', 'l.id', 't.loan_id')
    .innerJoin('branch as b', 'b.id', 'l.branch_id')
    .select(['t.id', 't.status', 't.held_by', 't.case_id', 't.loan_id', 'b.path'])
    .where('t.id', '=', taskId)
    .forUpdate('t')
    .executeTakeFirst();
  if (!task) throw new AppError('not-found');
  return task;
}

function requireHolderOrManager(actor: Actor, task: { status: string; held_by: number | null }) {
  if (task.status === 'done' || task.status === 'cancelled') throw new AppError('conflict', t(`任务已${task.status === 'done' ? '完成' : '取消'}`, `the task is already ${task.status}`));
  if (task.status === 'held' && task.held_by !== actor.userId && !actor.permissions.has('collection.manage')) {
    throw new AppError('conflict', t('任务由他人领取中', 'someone else holds this task'));
  }
}

/** Gives a held task back to the queue: by its holder, or a manager. */
export async function releaseTask(db: Kysely<DB>, actor: Actor, taskId: number) {
  return db.transaction().execute(async (trx) => {
    const task = await lockTask(trx, taskId);
    requireHolderOrManager(actor, task);
    if (task.status === 'held') await trx.updateTable('collection_task').set({ status: 'open', held_by: null, held_until: null }).where('id', '=', taskId).execute();
    return taskView(trx, taskId);
  });
}

/** Completes a task: its holder, or a manager (who may also close an open one). */
export async function completeTask(db: Kysely<DB>, actor: Actor, who: AuditWho, taskId: number, note: string | undefined, now: Date) {
  return db.transaction().execute(async (trx) => {
    const task = await lockTask(trx, taskId);
    requireHolderOrManager(actor, task);
    if (task.status === 'open' && !actor.permissions.has('collection.manage')) throw new AppError('conflict', t('请先从队列领取该任务', 'claim the task from the queue first'));
    await trx
      .updateTable('collection_task')
      .set({ status: 'done', held_by: null, held_until: null, done_at: now.toISOString(), done_by: actor.userId, note: note ?? null })
      .where('id', '=', taskId)
      .execute();
    await recordAudit(trx, who, { action: 'collection.task_done', entityType: 'collection_task', entityId: taskId, branchPath: task.path, after: { caseId: task.case_id, note: note ?? null } });
    return taskView(trx, taskId);
  });
}

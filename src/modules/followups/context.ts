import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB, FactName } from '../../db/schema.js';
import { displayValue, storedFactOf } from '../../domain/borrower-facts.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type Answer, FACT_ITEMS, type Item } from '../../domain/followups/checklist.js';
import { maskFact } from '../../domain/masking.js';

/** Branch paths of the things follow-up routes act on, for the routes' scope checks (null: no such thing). */
export async function taskBranchPath(db: Kysely<DB>, taskId: number): Promise<string | null> {
  const row = await db.selectFrom('followup_task as t').innerJoin('branch as b', 'b.id', 't.branch_id').select('b.path').where('t.id', '=', taskId).executeTakeFirst();
  return row?.path ?? null;
}

export async function followUpBranchPath(db: Kysely<DB>, followUpId: number): Promise<string | null> {
  const row = await db.selectFrom('followup as f').innerJoin('branch as b', 'b.id', 'f.branch_id').select('b.path').where('f.task_id', '=', followUpId).executeTakeFirst();
  return row?.path ?? null;
}

export async function amendmentBranchPath(db: Kysely<DB>, amendmentId: number): Promise<string | null> {
  const row = await db
    .selectFrom('followup_amendment as a')
    .innerJoin('followup as f', 'f.task_id', 'a.followup_id')
    .innerJoin('branch as b', 'b.id', 'f.branch_id')
    .select('b.path')
    .where('a.id', '=', amendmentId)
    .executeTakeFirst();
  return row?.path ?? null;
}

export async function qaItemBranchPath(db: Kysely<DB>, qaItemId: number): Promise<string | null> {
  const row = await db.selectFrom('qa_item as q').innerJoin('branch as b', 'b.id', 'q.branch_id').select('b.path').where('q.id', '=', qaItemId).executeTakeFirst();
  return row?.path ?? null;
}

export async function branchPath(db: Kysely<DB>, branchId: number): Promise<string | null> {
  const row = await db.selectFrom('branch').select('path').where('id', '=', branchId).executeTakeFirst();
  return row?.path ?? null;
}

export interface TaskContext {
  id: number;
  key: string;
  kind: string;
  trigger: string | null;
  item: string | null;
  channel: 'phone' | 'message' | 'field';
  fieldReasons: string[];
  dueOn: string;
  doneBy: string;
  status: string;
  assignedUserId: number | null;
  loanId: number;
  loanExternalId: string;
  borrowerId: number;
  borrowerName: string;
  branchId: number;
  branchPath: string;
}

export async function loadTask(db: Kysely<DB>, taskId: number, lock = false): Promise<TaskContext> {
  let q = db
    .selectFrom('followup_task as t')
    .innerJoin('loan as l', 'l.id', 't.loan_id')
    .innerJoin('borrower as p', 'p.id', 'l.borrower_id')
    .innerJoin('branch as b', 'b.id', 't.branch_id')
    .select(['t.id', 't.key', 't.kind', 't.trigger', 't.item', 't.channel', 't.field_reasons', 't.due_on', 't.done_by', 't.status', 't.assigned_user_id', 't.loan_id', 'l.external_id', 'l.borrower_id', 'p.name', 't.branch_id', 'b.path'])
    .where('t.id', '=', taskId);
  if (lock) q = q.forUpdate('t');
  const r = await q.executeTakeFirst();
  if (!r) throw new AppError('not-found');
  return {
    id: r.id,
    key: r.key,
    kind: r.kind,
    trigger: r.trigger,
    item: r.item,
    channel: r.channel,
    fieldReasons: r.field_reasons,
    dueOn: r.due_on,
    doneBy: r.done_by,
    status: r.status,
    assignedUserId: r.assigned_user_id,
    loanId: r.loan_id,
    loanExternalId: r.external_id,
    borrowerId: r.borrower_id,
    borrowerName: r.name,
    branchId: r.branch_id,
    branchPath: r.path,
  };
}

/** The file's value of each fact item as people read it (income in yuan), as of the business date. */
export async function fileValues(db: Kysely<DB>, borrowerId: number, asOf: BusinessDate): Promise<Partial<Record<Item, string>>> {
  const rows = await db
    .selectFrom('borrower_fact')
    .select(['fact', 'value'])
    .distinctOn('fact')
    .where('borrower_id', '=', borrowerId)
    .where('effective_from', '<=', asOf)
    .orderBy('fact')
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const byFact = new Map(rows.map((r) => [r.fact, r.value]));
  const out: Partial<Record<Item, string>> = {};
  for (const [item, kind] of Object.entries(FACT_ITEMS) as [Item, NonNullable<(typeof FACT_ITEMS)[Item]>][]) {
    const fact = storedFactOf(kind);
    const value = byFact.get(fact);
    if (value !== undefined) out[item] = displayValue(fact, value);
  }
  return out;
}

/** Personal data in an answer (phones, addresses) as it leaves the API unrevealed. */
export function maskAnswer(a: Answer, reveal: boolean): Answer {
  const kind = FACT_ITEMS[a.item];
  if (reveal || kind === undefined) return a;
  const fact: FactName = storedFactOf(kind);
  const mask = (v: string | null) => (v === null ? null : maskFact(fact, v));
  return { ...a, fileValue: mask(a.fileValue), heard: mask(a.heard) };
}

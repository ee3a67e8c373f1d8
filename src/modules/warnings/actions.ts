import { type Kysely, sql } from 'kysely';
import { arrayLiteral } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { type ActionPlan, type IndicatorAction, planAction } from '../../domain/warnings/action.js';
import { dueBy } from '../collections/time.js';
import { insertTasks, type NewTask } from '../followups/tasks.js';

export interface Opened {
  warningId: number;
  indicatorCode: string;
  loanId: number;
  branchId: number;
  action: IndicatorAction | null;
}

/** A collection step's priority: above the strategy's routine steps (1 is the most urgent). */
const STEP_PRIORITY = 1;

/**
 * Starts what the indicators of newly opened warnings ask for, for a whole page of warnings at
 * once: follow-up tasks (assigned to an agent by the follow-up step later in the same close),
 * tasks on the loans' open collection cases, and on each warning what was started or why not.
 * Task keys name the warning, so nothing is started twice.
 */
export async function startActions(db: Kysely<DB>, date: BusinessDate, opened: readonly Opened[]): Promise<void> {
  const acting = opened.filter((o): o is Opened & { action: IndicatorAction } => o.action !== null);
  if (acting.length === 0) return;
  const needCase = acting.filter((o) => o.action.kind === 'collection_step').map((o) => o.loanId);
  const cases = new Map<number, number>();
  if (needCase.length > 0) {
    const rows = await db.selectFrom('collection_case').select(['id', 'loan_id']).where('loan_id', 'in', needCase).where('closed_on', 'is', null).execute();
    for (const r of rows) cases.set(r.loan_id, r.id);
  }
  const plans = acting.map((o) => ({ o, plan: planAction(o.action, { ...o, openCaseId: cases.get(o.loanId) ?? null }, date) }));
  type Plan<K extends ActionPlan['kind']> = { o: Opened & { action: IndicatorAction }; plan: Extract<ActionPlan, { kind: K }> };
  const followups: Plan<'followup'>[] = [];
  const steps: Plan<'collection_step'>[] = [];
  for (const { o, plan } of plans) {
    if (plan.kind === 'followup') followups.push({ o, plan });
    else if (plan.kind === 'collection_step') steps.push({ o, plan });
  }

  const tasks: NewTask[] = followups.map(({ o, plan }) => ({
    key: plan.key,
    loanId: o.loanId,
    branchId: o.branchId,
    kind: 'event',
    trigger: plan.trigger,
    item: null,
    channel: plan.channel,
    fieldReasons: plan.channel === 'field' ? [plan.trigger] : [],
    dueOn: plan.dueOn,
    doneBy: plan.doneBy,
    policyVersion: null,
    createdOn: date,
    sourceFollowupId: null,
    sourceAmendmentId: null,
  }));
  await insertTasks(db, tasks);
  const taskIds = new Map<string, number>();
  if (tasks.length > 0) {
    const rows = await db.selectFrom('followup_task').select(['id', 'key']).where('key', 'in', tasks.map((t) => t.key)).execute();
    for (const r of rows) taskIds.set(r.key, r.id);
  }

  const stepIds = new Map<string, number>();
  if (steps.length > 0) {
    const col = <T>(f: (p: Plan<'collection_step'>) => T) => steps.map(f);
    await sql`
      INSERT INTO collection_task (case_id, loan_id, decision_key, kind, for_role, branch_id, action, priority, created_on, due_by, explanation)
      SELECT t.case_id, t.loan_id, t.key, 'warning', t.for_role, t.branch_id, t.action, ${STEP_PRIORITY}, ${date}::date, t.due_by::timestamptz, t.explanation::jsonb
        FROM unnest(${arrayLiteral(col((p) => p.plan.caseId), 'bigint')}::bigint[], ${arrayLiteral(col((p) => p.o.loanId), 'bigint')}::bigint[],
                    ${arrayLiteral(col((p) => p.plan.decisionKey), 'text')}::text[], ${arrayLiteral(col((p) => p.plan.forRole), 'text')}::text[],
                    ${arrayLiteral(col((p) => p.o.branchId), 'bigint')}::bigint[], ${arrayLiteral(col((p) => p.plan.action), 'text')}::text[],
                    ${arrayLiteral(col((p) => dueBy(p.plan.dueOn, 24)), 'text')}::text[],
                    ${arrayLiteral(col((p) => JSON.stringify({ warning: { id: p.o.warningId, indicator: p.o.indicatorCode } })), 'text')}::text[])
             AS t(case_id, loan_id, key, for_role, branch_id, action, due_by, explanation)
      ON CONFLICT (loan_id, decision_key) DO NOTHING`.execute(db);
    const rows = await db.selectFrom('collection_task').select(['id', 'decision_key']).where('loan_id', 'in', steps.map((p) => p.o.loanId)).where('decision_key', 'in', steps.map((p) => p.plan.decisionKey)).execute();
    for (const r of rows) stepIds.set(r.decision_key, r.id);
  }

  const results = plans.map(({ o, plan }) => {
    if (plan.kind === 'followup') return { id: o.warningId, result: { kind: 'followup', channel: plan.channel, taskId: taskIds.get(plan.key) ?? null, doneBy: plan.doneBy } };
    if (plan.kind === 'collection_step') return { id: o.warningId, result: { kind: 'collection_step', action: plan.action, forRole: plan.forRole, caseId: plan.caseId, taskId: stepIds.get(plan.decisionKey) ?? null } };
    return { id: o.warningId, result: { kind: o.action.kind, skipped: plan.reason } };
  });
  await sql`
    UPDATE warning_alert w SET action_result = r.result::jsonb
      FROM unnest(${arrayLiteral(results.map((r) => r.id), 'bigint')}::bigint[], ${arrayLiteral(results.map((r) => JSON.stringify(r.result)), 'text')}::text[]) AS r(id, result)
     WHERE w.id = r.id`.execute(db);
}

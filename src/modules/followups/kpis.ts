import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BusinessDate } from '../../domain/business-date.js';

/**
 * Follow-up KPIs for a branch's subtree over a period, per branch and per agent within it:
 * - due / done within SLA: tasks whose deadline falls in the period (cancelled ones aside), and
 *   those done on or before it;
 * - discrepancy, unreachable and correction rates: of the follow-ups completed in the period, the
 *   share that found a difference, could not reach the borrower, or were corrected (an amendment
 *   in effect);
 * - QA error rate: of the QA items scored in the period, the share with at least one error, counted
 *   against the agent who did the follow-up.
 * Three grouped statements (tasks, follow-ups, QA), each grouped by branch and by branch and agent.
 */
export interface KpiCounts {
  due: number;
  done: number;
  doneWithinSla: number;
  completed: number;
  discrepancies: number;
  unreachable: number;
  corrected: number;
  qaScored: number;
  qaWithErrors: number;
}

export interface KpiRow extends KpiCounts {
  branchId: number;
  branchCode: string;
  /** null on the branch's own row */
  agentUserId: number | null;
  agentName: string | null;
  slaRate: number | null;
  discrepancyRate: number | null;
  unreachableRate: number | null;
  correctionRate: number | null;
  qaErrorRate: number | null;
}

const ZERO: KpiCounts = { due: 0, done: 0, doneWithinSla: 0, completed: 0, discrepancies: 0, unreachable: 0, corrected: 0, qaScored: 0, qaWithErrors: 0 };

const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

interface Grouped {
  branch_id: number;
  agent: number | null;
  by_agent: number;
}

export async function followUpKpis(
  db: Kysely<DB>,
  root: { id: number; code: string; path: string },
  from: BusinessDate,
  to: BusinessDate,
): Promise<{ from: string; to: string; total: KpiRow; branches: KpiRow[]; agents: KpiRow[] }> {
  const like = `${root.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const tasks = await sql<Grouped & { due: number; done: number; in_sla: number }>`
    SELECT t.branch_id, t.assigned_user_id AS agent, GROUPING(t.assigned_user_id) AS by_agent,
           count(*)::int AS due, (count(*) FILTER (WHERE t.status = 'done'))::int AS done,
           (count(*) FILTER (WHERE t.status = 'done' AND t.closed_on <= t.done_by))::int AS in_sla
      FROM followup_task t JOIN branch b ON b.id = t.branch_id
     WHERE b.path LIKE ${like} AND t.status <> 'cancelled' AND t.done_by BETWEEN ${from} AND ${to}
     GROUP BY GROUPING SETS ((t.branch_id), (t.branch_id, t.assigned_user_id))`.execute(db);
  const done = await sql<Grouped & { completed: number; discrepancies: number; unreachable: number; corrected: number }>`
    SELECT f.branch_id, f.agent_user_id AS agent, GROUPING(f.agent_user_id) AS by_agent,
           count(*)::int AS completed, (count(*) FILTER (WHERE f.has_discrepancy))::int AS discrepancies, (count(*) FILTER (WHERE f.unreachable))::int AS unreachable,
           (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM followup_amendment a WHERE a.followup_id = f.task_id AND a.status IN ('applied', 'approved'))))::int AS corrected
      FROM followup f JOIN branch b ON b.id = f.branch_id
     WHERE b.path LIKE ${like} AND f.completed_on BETWEEN ${from} AND ${to}
     GROUP BY GROUPING SETS ((f.branch_id), (f.branch_id, f.agent_user_id))`.execute(db);
  const qa = await sql<Grouped & { scored: number; with_errors: number }>`
    SELECT q.branch_id, f.agent_user_id AS agent, GROUPING(f.agent_user_id) AS by_agent,
           count(*)::int AS scored, (count(*) FILTER (WHERE q.error_count > 0))::int AS with_errors
      FROM qa_item q JOIN followup f ON f.task_id = q.followup_id JOIN branch b ON b.id = q.branch_id
     WHERE b.path LIKE ${like} AND q.status = 'scored' AND q.scored_on BETWEEN ${from} AND ${to}
     GROUP BY GROUPING SETS ((q.branch_id), (q.branch_id, f.agent_user_id))`.execute(db);

  const rows = new Map<string, KpiCounts & { branchId: number; agent: number | null; byAgent: boolean }>();
  const at = (g: Grouped) => {
    const byAgent = Number(g.by_agent) === 0;
    const key = `${g.branch_id}/${byAgent ? String(g.agent) : '*'}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { ...ZERO, branchId: g.branch_id, agent: byAgent ? g.agent : null, byAgent }));
    return row;
  };
  for (const r of tasks.rows) Object.assign(at(r), { due: r.due, done: r.done, doneWithinSla: r.in_sla });
  for (const r of done.rows) Object.assign(at(r), { completed: r.completed, discrepancies: r.discrepancies, unreachable: r.unreachable, corrected: r.corrected });
  for (const r of qa.rows) Object.assign(at(r), { qaScored: r.scored, qaWithErrors: r.with_errors });

  const branchIds = [...new Set([...rows.values()].map((r) => r.branchId))];
  const userIds = [...new Set([...rows.values()].map((r) => r.agent).filter((u): u is number => u !== null))];
  const codes = new Map(branchIds.length === 0 ? [] : (await db.selectFrom('branch').select(['id', 'code']).where('id', 'in', branchIds).execute()).map((b) => [b.id, b.code]));
  const names = new Map(userIds.length === 0 ? [] : (await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u.display_name]));
  const view = (r: KpiCounts & { branchId: number; agent: number | null }): KpiRow => ({
    branchId: r.branchId,
    branchCode: codes.get(r.branchId) ?? root.code,
    agentUserId: r.agent,
    agentName: r.agent === null ? null : (names.get(r.agent) ?? null),
    due: r.due,
    done: r.done,
    doneWithinSla: r.doneWithinSla,
    completed: r.completed,
    discrepancies: r.discrepancies,
    unreachable: r.unreachable,
    corrected: r.corrected,
    qaScored: r.qaScored,
    qaWithErrors: r.qaWithErrors,
    slaRate: rate(r.doneWithinSla, r.due),
    discrepancyRate: rate(r.discrepancies, r.completed),
    unreachableRate: rate(r.unreachable, r.completed),
    correctionRate: rate(r.corrected, r.completed),
    qaErrorRate: rate(r.qaWithErrors, r.qaScored),
  });
  const all = [...rows.values()].sort((a, b) => a.branchId - b.branchId || (a.agent ?? 0) - (b.agent ?? 0));
  const branches = all.filter((r) => !r.byAgent);
  // the subtree as a whole: every branch row added up
  const total = { ...ZERO, branchId: root.id, agent: null };
  for (const b of branches) for (const k of Object.keys(ZERO) as (keyof KpiCounts)[]) total[k] += b[k];
  return { from, to, total: view(total), branches: branches.map(view), agents: all.filter((r) => r.byAgent).map(view) };
}

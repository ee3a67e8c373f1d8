import { type Kysely, sql } from 'kysely';
import { pathInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import type { DB } from '../../db/schema.js';

export interface ReportFilter {
  branchId?: number | undefined;
  status?: 'pending' | 'approved' | 'rejected' | 'observed' | undefined;
  loanId?: number | undefined;
}

/** Restructurings in the actor's scope: the approval inbox (pending) and the restructured-loans report (observed). */
export async function listRestructurings(db: Kysely<DB>, actor: Actor, filter: ReportFilter) {
  const [op, pattern] = pathInScope(actor);
  let q = db
    .selectFrom('restructuring as r')
    .innerJoin('loan as l', 'l.id', 'r.loan_id')
    .innerJoin('branch as b', 'b.id', 'r.branch_id')
    .selectAll('r')
    .select(['l.external_id as loan_external_id', 'b.code as branch_code'])
    .where('b.path', op, pattern)
    .orderBy('r.id', 'desc')
    .limit(500);
  if (filter.branchId !== undefined) {
    q = q.where(sql<boolean>`b.path LIKE (SELECT replace(replace(f.path, '_', '\\_'), '%', '\\%') || '%' FROM branch f WHERE f.id = ${filter.branchId})`);
  }
  if (filter.loanId !== undefined) q = q.where('r.loan_id', '=', filter.loanId);
  if (filter.status === 'observed') q = q.where('r.status', '=', 'approved').where('r.observation_ended_on', 'is', null);
  else if (filter.status !== undefined) q = q.where('r.status', '=', filter.status);
  const rows = await q.execute();
  return {
    items: rows.map((r) => {
      const observed = r.status === 'approved' && r.observation_ended_on === null;
      return {
        id: r.id,
        loanId: r.loan_id,
        loanExternalId: r.loan_external_id,
        branchCode: r.branch_code,
        status: r.status,
        effectiveOn: r.effective_on,
        terms: r.terms,
        comparison: r.comparison,
        waivedFen: r.waived_fen,
        extraMonths: r.extra_months,
        reason: r.reason,
        requestedBy: r.requested_by,
        decidedBy: r.decided_by,
        decidedOn: r.decided_on,
        decisionReason: r.decision_reason,
        fromVersion: r.from_version,
        toVersion: r.to_version,
        observed,
        observationStart: r.observation_start,
        observationEarliestEnd: r.observation_earliest_end,
        observationMissed: (Array.isArray(r.observation_missed) ? r.observation_missed : []) as string[],
        observationEndedOn: r.observation_ended_on,
        classFloor: observed ? (r.was_non_performing ? ('substandard' as const) : ('special_mention' as const)) : null,
        stageFloor: observed ? (2 as const) : null,
      };
    }),
  };
}

export async function restructuringBranchPath(db: Kysely<DB>, id: number): Promise<string | null> {
  const row = await db.selectFrom('restructuring as r').innerJoin('branch as b', 'b.id', 'r.branch_id').select('b.path').where('r.id', '=', id).executeTakeFirst();
  return row?.path ?? null;
}

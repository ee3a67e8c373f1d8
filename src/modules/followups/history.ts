import type { Kysely } from 'kysely';
import { pathInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import type { Answer } from '../../domain/followups/checklist.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { maskAnswer } from './context.js';

/**
 * A follow-up's every version: the original as the agent recorded it, then each amendment in the
 * order filed, with who made it, when and why, who decided it and why, what it changed and what it
 * retracted and added; and the flags and facts each version raised or restored. Nothing here is
 * current state alone: a reader can replay how the record came to say what it says.
 */
export async function followUpHistory(db: Kysely<DB>, who: AuditWho, followUpId: number, reveal: boolean) {
  const f = await db
    .selectFrom('followup as f')
    .innerJoin('branch as b', 'b.id', 'f.branch_id')
    .innerJoin('loan as l', 'l.id', 'f.loan_id')
    .select(['f.task_id', 'f.loan_id', 'l.external_id', 'f.borrower_id', 'f.kind', 'f.channel', 'f.answers', 'f.derived', 'f.has_discrepancy', 'f.unreachable', 'f.note', 'f.completed_on', 'f.completed_at', 'f.agent_name', 'b.path'])
    .where('f.task_id', '=', followUpId)
    .executeTakeFirst();
  if (!f) throw new AppError('not-found');
  if (reveal) await recordAudit(db, who, { action: 'pii.reveal', entityType: 'borrower', entityId: f.borrower_id, branchPath: f.path, after: { view: 'followup_history', followUpId } });
  const amendments = await db.selectFrom('followup_amendment').selectAll().where('followup_id', '=', followUpId).orderBy('id').execute();
  const flags = await db.selectFrom('followup_flag').selectAll().where('followup_id', '=', followUpId).orderBy('id').execute();
  const facts = await db
    .selectFrom('followup_fact as x')
    .innerJoin('borrower_fact as bf', 'bf.id', 'x.fact_id')
    .select(['x.fact_id', 'x.amendment_id', 'x.fact', 'x.action', 'x.supersedes_id', 'bf.verification', 'bf.effective_from', 'bf.recorded_by'])
    .where('x.followup_id', '=', followUpId)
    .orderBy('x.fact_id')
    .execute();
  const versionOf = new Map(amendments.map((a) => [a.id, a.version]));
  const answers = (list: unknown) => (list as Answer[]).map((a) => maskAnswer(a, reveal));
  const inEffect = amendments.filter((a) => a.version !== null).reduce((v, a) => Math.max(v, a.version ?? 0), 0);
  return {
    followUpId,
    loanId: f.loan_id,
    loanExternalId: f.external_id,
    kind: f.kind,
    channel: f.channel,
    revealed: reveal,
    currentVersion: inEffect,
    original: {
      version: 0,
      answers: answers(f.answers),
      derived: f.derived,
      hasDiscrepancy: f.has_discrepancy,
      unreachable: f.unreachable,
      note: f.note,
      by: f.agent_name,
      on: f.completed_on,
      at: f.completed_at,
    },
    amendments: amendments.map((a) => ({
      id: a.id,
      version: a.version,
      correctsVersion: a.corrects_amendment_id === null ? 0 : (versionOf.get(a.corrects_amendment_id) ?? null),
      status: a.status,
      source: a.source,
      reason: a.reason,
      changes: (a.changes as { item: Answer['item']; heard: string | null; verdict: Answer['verdict'] }[]).map((c) => {
        const masked = maskAnswer({ item: c.item, fileValue: null, heard: c.heard, verdict: c.verdict }, reveal);
        return { item: c.item, heard: masked.heard, verdict: c.verdict };
      }),
      answers: answers(a.answers),
      effect: a.effect,
      needsApproval: a.needs_approval,
      madeBy: a.made_by,
      madeOn: a.made_on,
      madeAt: a.made_at,
      decidedBy: a.decided_by,
      decidedOn: a.decided_on,
      decidedAt: a.decided_at,
      decisionReason: a.decision_reason,
      qaItemId: a.qa_item_id,
    })),
    flags: flags.map((x) => ({
      id: x.id,
      flag: x.flag,
      item: x.item,
      evidence: x.evidence,
      setOn: x.set_on,
      setByVersion: x.amendment_id === null ? 0 : (versionOf.get(x.amendment_id) ?? null),
      loanFlagId: x.loan_flag_id,
      clearedOn: x.cleared_on,
      clearedByAmendmentId: x.cleared_by_amendment_id,
    })),
    facts: facts.map((x) => ({
      factId: x.fact_id,
      fact: x.fact,
      action: x.action,
      supersedesId: x.supersedes_id,
      verification: x.verification,
      effectiveFrom: x.effective_from,
      byVersion: x.amendment_id === null ? 0 : (versionOf.get(x.amendment_id) ?? null),
    })),
  };
}

/** Amendments waiting for a supervisor, oldest first, within the supervisor's branch scope. */
export async function pendingAmendments(db: Kysely<DB>, actor: Actor) {
  const rows = await db
    .selectFrom('followup_amendment as a')
    .innerJoin('followup as f', 'f.task_id', 'a.followup_id')
    .innerJoin('branch as b', 'b.id', 'f.branch_id')
    .select(['a.id', 'a.followup_id', 'a.source', 'a.reason', 'a.changes', 'a.effect', 'a.made_by', 'a.made_by_user_id', 'a.made_on', 'a.made_at', 'f.loan_id', 'f.agent_name', 'b.code as branch_code', 'b.path as branch_path'])
    .where('a.status', '=', 'pending')
    .where('b.path', ...pathInScope(actor))
    .orderBy('a.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    followUpId: r.followup_id,
    source: r.source,
    reason: r.reason,
    changedItems: (r.changes as { item: string }[]).map((c) => c.item),
    effect: r.effect,
    madeBy: r.made_by,
    // the caller cannot decide their own
    ownAmendment: r.made_by_user_id === actor.userId,
    madeOn: r.made_on,
    madeAt: r.made_at,
    loanId: r.loan_id,
    agent: r.agent_name,
    branchCode: r.branch_code,
    branchPath: r.branch_path,
  }));
}

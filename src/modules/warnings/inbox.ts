import { type Kysely, sql } from 'kysely';
import { branchIdsInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { AlertSeverity, DB, WarningStatus } from '../../db/schema.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

export async function warningBranchPath(db: Kysely<DB>, warningId: number): Promise<string | null> {
  const row = await db.selectFrom('warning_alert as w').innerJoin('branch as b', 'b.id', 'w.branch_id').select('b.path').where('w.id', '=', warningId).executeTakeFirst();
  return row?.path ?? null;
}

export interface InboxQuery {
  cursor?: string | undefined;
  limit: number;
  status?: WarningStatus | undefined;
  severity?: AlertSeverity | undefined;
  indicator?: string | undefined;
  loanId?: number | undefined;
}

/** The caller's branches' warnings, newest first, with the indicator's name and the loan. */
export async function listWarnings(db: Kysely<DB>, actor: Actor, q: InboxQuery) {
  let query = db
    .selectFrom('warning_alert as w')
    .innerJoin('branch as b', 'b.id', 'w.branch_id')
    .innerJoin('loan as l', 'l.id', 'w.loan_id')
    .innerJoin('warning_indicator as i', (j) => j.onRef('i.code', '=', 'w.indicator_code').onRef('i.version', '=', 'w.indicator_version'))
    .select([
      'w.id', 'w.indicator_code', 'w.indicator_version', 'i.name_zh', 'i.name_en', 'w.loan_id', 'l.external_id', 'b.code as branch_code', 'w.severity', 'w.raised_on', 'w.last_true_on',
      'w.evidence', 'w.status', 'w.acknowledged_by', 'w.acknowledged_at', 'w.resolved_by', 'w.resolved_at', 'w.resolution_note', 'w.action_result',
    ])
    .where('w.branch_id', 'in', branchIdsInScope(db, actor))
    .orderBy('w.id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('w.id', '<', Number(q.cursor));
  if (q.status) query = query.where('w.status', '=', q.status);
  if (q.severity) query = query.where('w.severity', '=', q.severity);
  if (q.indicator) query = query.where('w.indicator_code', '=', q.indicator);
  if (q.loanId) query = query.where('w.loan_id', '=', q.loanId);
  const rows = await query.execute();
  return {
    items: rows.slice(0, q.limit).map((r) => ({
      id: r.id,
      indicator: r.indicator_code,
      indicatorVersion: r.indicator_version,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      loanId: r.loan_id,
      loanExternalId: r.external_id,
      branchCode: r.branch_code,
      severity: r.severity,
      raisedOn: r.raised_on,
      lastTrueOn: r.last_true_on,
      evidence: r.evidence as Record<string, unknown>,
      status: r.status,
      acknowledgedBy: r.acknowledged_by,
      acknowledgedAt: r.acknowledged_at,
      resolvedBy: r.resolved_by,
      resolvedAt: r.resolved_at,
      resolutionNote: r.resolution_note,
      actionResult: (r.action_result ?? null) as Record<string, unknown> | null,
    })),
    nextCursor: rows.length > q.limit ? String(rows[q.limit - 1]!.id) : null,
  };
}

const STATE = {
  acknowledged: { 'zh-CN': '该预警已确认或已处理', 'en-US': 'this warning is already acknowledged or resolved' },
  resolved: { 'zh-CN': '该预警已处理', 'en-US': 'this warning is already resolved' },
} as const;

/**
 * open → acknowledged → resolved (a warning may also be resolved straight from open); each step
 * once, by whom and when, with the history in warning_alert_event.
 */
export async function moveWarning(db: Kysely<DB>, who: AuditWho, warningId: number, to: 'acknowledged' | 'resolved', note: string | null) {
  return db.transaction().execute(async (trx) => {
    const w = await trx.selectFrom('warning_alert').select(['id', 'status']).where('id', '=', warningId).forUpdate().executeTakeFirst();
    if (!w) throw new AppError('not-found');
    if (to === 'acknowledged' && w.status !== 'open') throw new AppError('conflict', STATE.acknowledged);
    if (to === 'resolved' && w.status === 'resolved') throw new AppError('conflict', STATE.resolved);
    const set =
      to === 'acknowledged'
        ? { status: 'acknowledged' as const, acknowledged_by_user_id: who.userId, acknowledged_by: who.name, acknowledged_at: sql<string>`now()` }
        : { status: 'resolved' as const, resolved_by_user_id: who.userId, resolved_by: who.name, resolved_at: sql<string>`now()`, resolution_note: note };
    await trx.updateTable('warning_alert').set(set).where('id', '=', warningId).execute();
    await trx.insertInto('warning_alert_event').values({ warning_id: warningId, action: to, note, by_user_id: who.userId, by_name: who.name }).execute();
    await recordAudit(trx, who, { action: `warning.${to === 'acknowledged' ? 'acknowledge' : 'resolve'}`, entityType: 'warning_alert', entityId: warningId, branchPath: await warningBranchPath(trx, warningId), before: { status: w.status }, after: { status: to }, reason: note });
    const events = await trx.selectFrom('warning_alert_event').select(['action', 'note', 'by_name', 'at']).where('warning_id', '=', warningId).orderBy('id').execute();
    const after = await trx.selectFrom('warning_alert').select(['id', 'status', 'acknowledged_by', 'acknowledged_at', 'resolved_by', 'resolved_at', 'resolution_note']).where('id', '=', warningId).executeTakeFirstOrThrow();
    return {
      id: after.id,
      status: after.status,
      acknowledgedBy: after.acknowledged_by,
      acknowledgedAt: after.acknowledged_at,
      resolvedBy: after.resolved_by,
      resolvedAt: after.resolved_at,
      resolutionNote: after.resolution_note,
      history: events.map((e) => ({ action: e.action, note: e.note, by: e.by_name, at: e.at })),
    };
  });
}

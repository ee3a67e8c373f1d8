import type { Kysely } from 'kysely';
import { type Actor } from '../../api/context.js';
import { branchIdsInScope } from '../../api/access.js';
import type { DB } from '../../db/schema.js';

export interface ListQuery {
  cursor?: string | undefined;
  limit: number;
}

/** Newest first; the cursor is the last id seen. */
const nextCursor = <T extends { id: number }>(rows: T[], limit: number) => (rows.length > limit ? String(rows[limit - 1]!.id) : null);

export async function listCollateralAlerts(db: Kysely<DB>, actor: Actor, q: ListQuery & { kind?: string | undefined; loanId?: number | undefined }) {
  let query = db
    .selectFrom('collateral_alert as a')
    .innerJoin('branch as b', 'b.id', 'a.branch_id')
    .select(['a.id', 'a.kind', 'a.severity', 'a.vehicle_id', 'a.loan_id', 'b.code as branch_code', 'a.raised_on', 'a.evidence', 'a.message_zh', 'a.message_en'])
    .where('a.branch_id', 'in', branchIdsInScope(db, actor))
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('a.id', '<', Number(q.cursor));
  if (q.kind) query = query.where('a.kind', '=', q.kind as 'ltv_breach');
  if (q.loanId) query = query.where('a.loan_id', '=', q.loanId);
  const rows = await query.execute();
  return {
    items: rows.slice(0, q.limit).map((r) => ({
      id: r.id,
      kind: r.kind,
      severity: r.severity,
      vehicleId: r.vehicle_id,
      loanId: r.loan_id,
      branchCode: r.branch_code,
      raisedOn: r.raised_on,
      evidence: r.evidence as Record<string, unknown>,
      messageZh: r.message_zh,
      messageEn: r.message_en,
    })),
    nextCursor: nextCursor(rows, q.limit),
  };
}

export async function listCollateralTasks(db: Kysely<DB>, actor: Actor, q: ListQuery & { status?: 'open' | 'done' | undefined }) {
  let query = db
    .selectFrom('collateral_task as t')
    .innerJoin('branch as b', 'b.id', 't.branch_id')
    .leftJoin('vehicle_lien as n', 'n.id', 't.lien_id')
    .select(['t.id', 't.kind', 't.vehicle_id', 't.loan_id', 't.lien_id', 'b.code as branch_code', 't.created_on', 't.status', 't.closed_on', 't.closed_by', 'n.authority', 'n.certificate_no'])
    .where('t.branch_id', 'in', branchIdsInScope(db, actor))
    .orderBy('t.id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('t.id', '<', Number(q.cursor));
  if (q.status) query = query.where('t.status', '=', q.status);
  const rows = await query.execute();
  return {
    items: rows.slice(0, q.limit).map((r) => ({
      id: r.id,
      kind: r.kind,
      vehicleId: r.vehicle_id,
      loanId: r.loan_id,
      lienId: r.lien_id,
      authority: r.authority,
      certificateNo: r.certificate_no,
      branchCode: r.branch_code,
      createdOn: r.created_on,
      status: r.status,
      closedOn: r.closed_on,
      closedBy: r.closed_by,
    })),
    nextCursor: nextCursor(rows, q.limit),
  };
}

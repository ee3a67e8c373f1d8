import type { Kysely } from 'kysely';
import { branchIdsInScope } from '../../api/access.js';
import type { Actor } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { vehicleBranchPath } from '../collateral/scope.js';

export async function listTelematicsAlerts(
  db: Kysely<DB>,
  actor: Actor,
  q: { cursor?: string | undefined; limit: number; vehicleId?: number | undefined; loanId?: number | undefined; severity?: 'low' | 'medium' | 'high' | 'critical' | undefined },
) {
  let query = db
    .selectFrom('telematics_alert as a')
    .innerJoin('branch as b', 'b.id', 'a.branch_id')
    .select(['a.id', 'a.rule_code', 'a.kind', 'a.severity', 'a.device_id', 'a.vehicle_id', 'a.loan_id', 'b.code as branch_code', 'a.at', 'a.evidence', 'a.message_zh', 'a.message_en'])
    .where('a.branch_id', 'in', branchIdsInScope(db, actor))
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor) query = query.where('a.id', '<', Number(q.cursor));
  if (q.vehicleId) query = query.where('a.vehicle_id', '=', q.vehicleId);
  if (q.loanId) query = query.where('a.loan_id', '=', q.loanId);
  if (q.severity) query = query.where('a.severity', '=', q.severity);
  const rows = await query.execute();
  return {
    items: rows.slice(0, q.limit).map((r) => ({
      id: r.id,
      ruleCode: r.rule_code,
      kind: r.kind,
      severity: r.severity,
      deviceId: r.device_id,
      vehicleId: r.vehicle_id,
      loanId: r.loan_id,
      branchCode: r.branch_code,
      at: r.at,
      evidence: r.evidence as Record<string, unknown>,
      messageZh: r.message_zh,
      messageEn: r.message_en,
    })),
    nextCursor: rows.length > q.limit ? String(rows[q.limit - 1]!.id) : null,
  };
}

/**
 * A vehicle's recent track for the map, newest first within [from, to]. Where a car stands says where
 * its borrower lives and works: the read is audited, as reads of personal data are.
 */
export async function vehicleTrack(db: Kysely<DB>, who: AuditWho, vehicleId: number, range: { fromMs: number; toMs: number; limit: number }) {
  const vehicle = await db.selectFrom('vehicle').select(['id', 'gps_device_id']).where('id', '=', vehicleId).executeTakeFirst();
  if (!vehicle) throw new AppError('not-found');
  const points =
    vehicle.gps_device_id === null
      ? []
      : await db
          .selectFrom('telematics_event')
          .select(['event_id', 'at', 'kind', 'lat', 'lng'])
          .where('device_id', '=', vehicle.gps_device_id)
          .where('at', '>=', new Date(range.fromMs).toISOString())
          .where('at', '<=', new Date(range.toMs).toISOString())
          .orderBy('at', 'desc')
          .limit(range.limit)
          .execute();
  await recordAudit(db, who, { action: 'vehicle.track.read', entityType: 'vehicle', entityId: vehicleId, branchPath: await vehicleBranchPath(db, vehicleId), after: { from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString(), points: points.length } });
  return { vehicleId, deviceId: vehicle.gps_device_id, points: points.map((p) => ({ eventId: p.event_id, at: p.at, kind: p.kind, lat: p.lat, lng: p.lng })) };
}

import type { Kysely } from 'kysely';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { borrowerBranchPath } from '../borrowers/facts.js';

export interface LocationInput {
  kind: 'home' | 'work';
  lat: number;
  lng: number;
  source: string;
}

const view = (r: { id: number; kind: 'home' | 'work'; lat: number; lng: number; source: string; recorded_by: string; recorded_at: string }) => ({
  id: r.id,
  kind: r.kind,
  lat: r.lat,
  lng: r.lng,
  source: r.source,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
});

/** Records where the borrower declared to live or work, as coordinates; the latest of each kind applies. */
export async function recordLocation(db: Kysely<DB>, who: AuditWho, borrowerId: number, input: LocationInput) {
  return db.transaction().execute(async (trx) => {
    const path = await borrowerBranchPath(trx, borrowerId);
    if (path === null) throw new AppError('not-found');
    const row = await trx
      .insertInto('declared_location')
      .values({ borrower_id: borrowerId, kind: input.kind, lat: input.lat, lng: input.lng, source: input.source, recorded_by_user_id: who.userId, recorded_by: who.name })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'borrower.locate', entityType: 'borrower', entityId: borrowerId, branchPath: path, after: view(row) });
    return view(row);
  });
}

/**
 * A borrower's declared places. Coordinates locate a home as precisely as an address does: they
 * leave masked (to 0.01°, about a kilometre) unless revealed, and a revealed read is audited.
 */
export async function borrowerLocations(db: Kysely<DB>, who: AuditWho, borrowerId: number, reveal: boolean) {
  const rows = await db.selectFrom('declared_location').selectAll().where('borrower_id', '=', borrowerId).orderBy('id', 'desc').execute();
  if (reveal) await recordAudit(db, who, { action: 'borrower.locations.reveal', entityType: 'borrower', entityId: borrowerId, branchPath: await borrowerBranchPath(db, borrowerId) });
  const round = (x: number) => Math.round(x * 100) / 100;
  return rows.map((r) => ({ ...view(r), ...(reveal ? {} : { lat: round(r.lat), lng: round(r.lng) }) }));
}

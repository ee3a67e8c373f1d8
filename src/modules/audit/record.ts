import type { Kysely } from 'kysely';
import type { Actor } from '../../api/context.js';
import type { DB } from '../../db/schema.js';

/** Who did it: a signed-in user, or a named operator at the command line. */
export interface AuditWho {
  userId: number | null;
  name: string;
  requestId?: string | undefined;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  branchPath?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export function auditWhoOf(actor: Actor, requestId?: string): AuditWho {
  return { userId: actor.userId, name: actor.username, requestId };
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Appends one entry. Call it with the transaction that makes the change, so the change and its
 * record commit or vanish together. The table refuses UPDATE, DELETE and TRUNCATE.
 */
export async function recordAudit(db: Kysely<DB>, who: AuditWho, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: who.userId,
      actor_name: who.name,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      branch_path: entry.branchPath ?? null,
      before: json(entry.before),
      after: json(entry.after),
      reason: entry.reason ?? null,
      request_id: who.requestId ?? null,
    })
    .execute();
}

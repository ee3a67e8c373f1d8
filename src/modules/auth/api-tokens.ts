import { type Kysely, sql } from 'kysely';
import type { Actor, Deps } from '../../api/context.js';
import type { DB } from '../../db/schema.js';
import type { Permission } from '../../domain/access.js';
import { AppError } from '../../api/problem.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { loadActor } from './actors.js';
import { API_TOKEN_PREFIX, newSecret, sha256Hex } from './credentials.js';

const TOUCH_INTERVAL_MS = 60_000;

export interface IssuedToken {
  id: number;
  name: string;
  prefix: string;
  token: string;
  createdAt: string;
}

/**
 * Integration tokens act as the user they belong to, with that user's roles and branch; `scopes`
 * narrows a token to those permissions (a GPS vendor's token: telematics.ingest alone).
 */
export async function issueApiToken(db: Kysely<DB>, who: AuditWho, userId: number, name: string, scopes?: readonly Permission[]): Promise<IssuedToken> {
  const token = API_TOKEN_PREFIX + newSecret();
  const prefix = token.slice(0, 10);
  return db.transaction().execute(async (trx) => {
    const owner = await tokenOwnerPath(trx, userId);
    if (owner === null) throw new AppError('not-found');
    const row = await trx
      .insertInto('api_token')
      .values({ user_id: userId, name, token_hash: sha256Hex(token), prefix, created_by: who.userId, scopes: scopes ? [...scopes] : null })
      .returning(['id', 'name', 'prefix', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'api_token.issue', entityType: 'api_token', entityId: row.id, branchPath: owner, after: { userId, name, prefix, ...(scopes ? { scopes } : {}) } });
    return { id: row.id, name: row.name, prefix: row.prefix, token, createdAt: row.created_at };
  });
}

async function tokenOwnerPath(db: Kysely<DB>, userId: number): Promise<string | null> {
  const row = await db.selectFrom('app_user as u').innerJoin('branch as b', 'b.id', 'u.branch_id').select('b.path').where('u.id', '=', userId).executeTakeFirst();
  return row?.path ?? null;
}

export async function tokenBranchPath(db: Kysely<DB>, tokenId: number): Promise<string | null> {
  const row = await db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .innerJoin('branch as b', 'b.id', 'u.branch_id')
    .select('b.path')
    .where('t.id', '=', tokenId)
    .executeTakeFirst();
  return row?.path ?? null;
}

export async function listApiTokens(db: Kysely<DB>, userId: number) {
  const rows = await db
    .selectFrom('api_token')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeApiToken(db: Kysely<DB>, who: AuditWho, tokenId: number, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const path = await tokenBranchPath(trx, tokenId);
    if (path === null) throw new AppError('not-found');
    const revoked = await trx
      .updateTable('api_token')
      .set({ revoked_at: sql<string>`now()` })
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (revoked) await recordAudit(trx, who, { action: 'api_token.revoke', entityType: 'api_token', entityId: tokenId, branchPath: path, reason });
  });
}

export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const tokenHash = sha256Hex(token);
  const row = await deps.db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'last_used_at', 'scopes'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const now = deps.clock.now();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= TOUCH_INTERVAL_MS) {
    await deps.db.updateTable('api_token').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  const actor = await loadActor(deps.db, row.user_id, 'token', `token:${row.id}`);
  // A scoped token (a GPS vendor's) holds only the listed permissions its user also has.
  const scopes = row.scopes;
  if (actor && scopes) return { ...actor, permissions: new Set([...actor.permissions].filter((p) => scopes.includes(p))) };
  return actor;
}

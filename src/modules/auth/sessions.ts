import type { Actor, Deps } from '../../api/context.js';
import { loadActor } from './actors.js';
import { newSecret, sha256Hex } from './credentials.js';

export const SESSION_COOKIE = 'daihou_session';
/** Sliding expiry is refreshed at most once a minute, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionLookup = { actor: Actor } | { problem: 'unauthenticated' | 'session-expired' };

function expiry(now: Date, idleMinutes: number): string {
  return new Date(now.getTime() + idleMinutes * 60_000).toISOString();
}

export async function createSession(deps: Deps, userId: number): Promise<{ token: string; expiresAt: string }> {
  const token = newSecret();
  const now = deps.clock.now();
  const expiresAt = expiry(now, deps.config.sessionIdleMinutes);
  await deps.db
    .insertInto('user_session')
    .values({ token_hash: sha256Hex(token), user_id: userId, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function resolveSession(deps: Deps, token: string): Promise<SessionLookup> {
  const tokenHash = sha256Hex(token);
  const row = await deps.db.selectFrom('user_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return { problem: 'unauthenticated' };
  const now = deps.clock.now();
  if (row.ended_at || Date.parse(row.expires_at) <= now.getTime()) return { problem: 'session-expired' };
  const actor = await loadActor(deps.db, row.user_id, 'session', tokenHash);
  if (!actor) return { problem: 'session-expired' };
  if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    await deps.db
      .updateTable('user_session')
      .set({ last_seen_at: now.toISOString(), expires_at: expiry(now, deps.config.sessionIdleMinutes) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return { actor };
}

export async function endSession(deps: Deps, tokenHash: string): Promise<void> {
  await deps.db
    .updateTable('user_session')
    .set({ ended_at: deps.clock.now().toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .execute();
}

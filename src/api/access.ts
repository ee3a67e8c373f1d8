import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { inBranchScope, type Permission } from '../domain/access.js';
import { resolveApiToken } from '../modules/auth/api-tokens.js';
import { resolveSession, SESSION_COOKIE } from '../modules/auth/sessions.js';
import type { Actor, AppEnv } from './context.js';
import { AppError } from './problem.js';

/**
 * The one place where role and branch scope are decided. Every route declares its access when it
 * is registered (see routes-registry.ts); nothing under /api/v1 can be mounted without one, and the
 * route-enumeration test (test/access.test.ts) proves each declaration holds.
 *
 * - `public`: no sign-in (login, health); says why.
 * - `self`: any signed-in user, about their own session or account.
 * - `global`: needs a permission (or none), touches no branch's data.
 * - `entity`: acts on one thing that belongs to a branch; `branchOf` finds that branch's path
 *   (null: no such thing → 404) and it must lie in the actor's subtree.
 * - `list`: returns many things; the handler's query must filter with `pathInScope`.
 */
export type Access<C = unknown> =
  | { kind: 'public'; why: string }
  | { kind: 'self' }
  | { kind: 'global'; permission: Permission | null }
  | { kind: 'entity'; permission: Permission; branchOf: (c: C) => Promise<string | null> }
  | { kind: 'list'; permission: Permission };

export async function resolveActor(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<Actor> {
  const deps = c.get('deps');
  const authorization = c.req.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match?.[1] ? await resolveApiToken(deps, match[1]) : null;
    if (!actor) throw new AppError('unauthenticated', { 'zh-CN': 'API 令牌无效或已吊销', 'en-US': 'The API token is invalid or revoked' });
    return actor;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) throw new AppError('unauthenticated');
  const found = await resolveSession(deps, cookie);
  if ('problem' in found) throw new AppError(found.problem);
  return found.actor;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) {
    throw new AppError('forbidden', {
      'zh-CN': `需要权限 ${permission}`,
      'en-US': `needs the ${permission} permission`,
    });
  }
}

export function requireInScope(actor: Actor, targetPath: string | null): void {
  if (targetPath === null) throw new AppError('not-found');
  if (!inBranchScope(actor.branchPath, targetPath)) throw new AppError('out-of-scope');
}

/** Runs before request validation, so an anonymous caller learns nothing about the body. */
export function authenticate(access: Access<never>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access.kind !== 'public') {
      const actor = await resolveActor(c);
      if ((access.kind === 'global' || access.kind === 'entity' || access.kind === 'list') && access.permission) {
        requirePermission(actor, access.permission);
      }
      c.set('actor', actor);
    }
    await next();
  };
}

export function likePrefix(path: string): string {
  return path.replace(/[\\%_]/g, (ch) => `\\${ch}`) + '%';
}

/** For `list` routes: restrict a query's branch-path column to the actor's subtree. */
export function pathInScope(actor: Actor): ['like', string] {
  return ['like', likePrefix(actor.branchPath)];
}

/** Ids of every branch in the actor's subtree, as a subquery for tables that carry `branch_id`. */
export function branchIdsInScope(db: Kysely<DB>, actor: Actor) {
  return db.selectFrom('branch').select('branch.id').where('branch.path', 'like', likePrefix(actor.branchPath));
}

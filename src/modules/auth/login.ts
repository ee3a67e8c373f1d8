import { sql } from 'kysely';
import type { Deps } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import { recordAudit } from '../audit/record.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from './credentials.js';
import { createSession } from './sessions.js';

/** Five wrong passwords in a row lock the account for fifteen minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export async function login(deps: Deps, username: string, password: string, requestId: string) {
  const { db } = deps;
  const user = await db
    .selectFrom('app_user as u')
    .innerJoin('branch as b', 'b.id', 'u.branch_id')
    .select(['u.id', 'u.username', 'u.password_hash', 'u.active', 'u.failed_logins', 'u.locked_until', 'b.path as branch_path'])
    .where('u.username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  const now = deps.clock.now();
  const who = { userId: user?.id ?? null, name: username.slice(0, 64), requestId };
  if (!user) {
    await verifyPassword(await decoyPasswordHash(), password);
    await recordAudit(db, who, { action: 'auth.login_failed', entityType: 'user', reason: 'unknown username' });
    throw new AppError('invalid-credentials');
  }
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
    throw new AppError('account-locked', {
      'zh-CN': `请于 ${user.locked_until} 之后再试，或联系管理员重置密码`,
      'en-US': `try again after ${user.locked_until}, or ask an administrator to reset the password`,
    });
  }
  const ok = user.active && (await verifyPassword(user.password_hash, password));
  if (!ok) {
    const failures = user.failed_logins + 1;
    const lockedUntil = failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ failed_logins: lockedUntil ? 0 : failures, locked_until: lockedUntil })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, who, {
        action: lockedUntil ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        branchPath: user.branch_path,
        reason: user.active ? 'wrong password' : 'inactive user',
      });
    });
    throw new AppError('invalid-credentials');
  }
  const session = await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await recordAudit(trx, who, { action: 'auth.login', entityType: 'user', entityId: user.id, branchPath: user.branch_path });
    return createSession({ ...deps, db: trx }, user.id);
  });
  return { userId: user.id, ...session };
}

export async function changeOwnPassword(deps: Deps, userId: number, current: string, next: string, requestId: string): Promise<void> {
  const user = await deps.db
    .selectFrom('app_user as u')
    .innerJoin('branch as b', 'b.id', 'u.branch_id')
    .select(['u.username', 'u.password_hash', 'b.path'])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current))) {
    throw new AppError('validation', undefined, [{ field: 'currentPassword', message: 'wrong password' }]);
  }
  const passwordHash = await hashPassword(next);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: passwordHash, updated_at: sql<string>`now()` }).where('id', '=', userId).execute();
    await recordAudit(trx, { userId, name: user.username, requestId }, { action: 'user.password_change', entityType: 'user', entityId: userId, branchPath: user.path });
  });
}

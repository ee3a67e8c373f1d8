import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../api/context.js';
import { branchIdsInScope } from '../../api/access.js';
import { AppError } from '../../api/problem.js';
import type { DB } from '../../db/schema.js';
import { isRole, type Role } from '../../domain/access.js';
import { maskPhone } from '../../domain/masking.js';
import { type AuditWho, recordAudit } from '../audit/record.js';
import { hashPassword } from '../auth/credentials.js';

interface UserRecord {
  id: number;
  username: string;
  display_name: string;
  branch_id: number;
  branch_code: string;
  branch_path: string;
  phone: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
  roles: Role[];
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('branch as b', 'b.id', 'u.branch_id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.branch_id',
      'b.code as branch_code',
      'b.path as branch_path',
      'u.phone',
      'u.active',
      'u.created_at',
      'u.updated_at',
      sql<string[]>`coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}')`.as('roles'),
    ]);
}

function normalise(row: Omit<UserRecord, 'roles'> & { roles: string[] }): UserRecord {
  return { ...row, roles: row.roles.filter(isRole) };
}

export function userView(row: UserRecord, revealPhone = false) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    branchId: row.branch_id,
    branchCode: row.branch_code,
    roles: row.roles,
    active: row.active,
    phone: row.phone === null ? null : revealPhone ? row.phone : maskPhone(row.phone),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function userBranchPath(db: Kysely<DB>, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('branch as b', 'b.id', 'u.branch_id')
    .select('b.path')
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return row?.path ?? null;
}

export async function findUser(db: Kysely<DB>, id: number): Promise<UserRecord | null> {
  const row = await baseQuery(db).where('u.id', '=', id).executeTakeFirst();
  return row ? normalise(row) : null;
}

async function getUser(db: Kysely<DB>, id: number): Promise<UserRecord> {
  const user = await findUser(db, id);
  if (!user) throw new AppError('not-found');
  return user;
}

export async function listUsers(
  db: Kysely<DB>,
  actor: Actor,
  filter: { branchId?: number | undefined; cursor?: string | undefined; limit: number },
): Promise<UserRecord[]> {
  let q = baseQuery(db).where('u.branch_id', 'in', branchIdsInScope(db, actor));
  if (filter.branchId !== undefined) q = q.where('u.branch_id', '=', filter.branchId);
  if (filter.cursor !== undefined) q = q.where('u.id', '>', Number(filter.cursor));
  const rows = await q.orderBy('u.id').limit(filter.limit + 1).execute();
  return rows.map(normalise);
}

/** Reading an unmasked phone is itself recorded: who saw whose number, and when. */
export async function readUser(db: Kysely<DB>, who: AuditWho, id: number, reveal: boolean) {
  const user = await getUser(db, id);
  if (reveal && user.phone !== null) {
    await recordAudit(db, who, { action: 'pii.reveal', entityType: 'user', entityId: id, branchPath: user.branch_path, after: { fields: ['phone'] } });
  }
  return userView(user, reveal);
}

export interface NewUser {
  username: string;
  displayName: string;
  branchId: number;
  roles: Role[];
  password: string;
  phone?: string | undefined;
}

export async function createUser(db: Kysely<DB>, who: AuditWho, input: NewUser) {
  if (input.roles.length === 0) throw new AppError('validation', undefined, [{ field: 'roles', message: 'at least one role' }]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('app_user').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) {
      throw new AppError('conflict', { 'zh-CN': `用户名 ${input.username} 已被使用`, 'en-US': `username ${input.username} is taken` }, [{ field: 'username', message: 'taken' }]);
    }
    const { id } = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        display_name: input.displayName,
        branch_id: input.branchId,
        phone: input.phone ?? null,
        password_hash: passwordHash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('user_role').values([...new Set(input.roles)].map((role) => ({ user_id: id, role }))).execute();
    const user = await getUser(trx, id);
    await recordAudit(trx, who, { action: 'user.create', entityType: 'user', entityId: id, branchPath: user.branch_path, after: userView(user) });
    return userView(user);
  });
}

export interface UserChange {
  displayName?: string | undefined;
  branchId?: number | undefined;
  roles?: Role[] | undefined;
  active?: boolean | undefined;
  phone?: string | null | undefined;
  reason: string;
}

export async function updateUser(db: Kysely<DB>, who: AuditWho, id: number, change: UserChange) {
  if (who.userId === id && (change.active === false || (change.roles && !change.roles.includes('admin')))) {
    throw new AppError('validation', { 'zh-CN': '不能停用自己或撤销自己的管理员角色', 'en-US': 'you cannot deactivate yourself or drop your own admin role' });
  }
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('app_user').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    const before = await getUser(trx, id);
    await trx
      .updateTable('app_user')
      .set({
        display_name: change.displayName ?? before.display_name,
        branch_id: change.branchId ?? before.branch_id,
        active: change.active ?? before.active,
        phone: change.phone === undefined ? before.phone : change.phone,
        updated_at: sql<string>`now()`,
      })
      .where('id', '=', id)
      .execute();
    if (change.roles) {
      await trx.deleteFrom('user_role').where('user_id', '=', id).execute();
      await trx.insertInto('user_role').values([...new Set(change.roles)].map((role) => ({ user_id: id, role }))).execute();
    }
    if (change.active === false || change.branchId !== undefined || change.roles) {
      // Narrower rights take effect now, not when the old session happens to expire.
      await trx.updateTable('user_session').set({ ended_at: sql<string>`now()` }).where('user_id', '=', id).where('ended_at', 'is', null).execute();
    }
    const after = await getUser(trx, id);
    await recordAudit(trx, who, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      branchPath: after.branch_path,
      before: userView(before),
      after: userView(after),
      reason: change.reason,
    });
    return userView(after);
  });
}

export async function resetPassword(db: Kysely<DB>, who: AuditWho, id: number, password: string, reason: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const user = await getUser(trx, id);
    await trx
      .updateTable('app_user')
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: sql<string>`now()` })
      .where('id', '=', id)
      .execute();
    await trx.updateTable('user_session').set({ ended_at: sql<string>`now()` }).where('user_id', '=', id).where('ended_at', 'is', null).execute();
    await recordAudit(trx, who, { action: 'user.password_reset', entityType: 'user', entityId: id, branchPath: user.branch_path, reason });
  });
}

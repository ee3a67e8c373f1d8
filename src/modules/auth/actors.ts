import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isRole, permissionsOf } from '../../domain/access.js';
import type { Actor } from '../../api/context.js';

/** Loads an active user as an actor; null when the user is gone or deactivated. */
export async function loadActor(
  db: Kysely<DB>,
  userId: number,
  via: Actor['via'],
  credentialId: string,
): Promise<Actor | null> {
  const user = await db
    .selectFrom('app_user as u')
    .innerJoin('branch as b', 'b.id', 'u.branch_id')
    .leftJoin('branch as parent', 'parent.id', 'b.parent_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.active', 'b.id as branch_id', 'b.code as branch_code', 'b.path as branch_path', 'b.kind', 'parent.path as parent_path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user?.active) return null;
  const roleRows = await db.selectFrom('user_role').select('role').where('user_id', '=', userId).execute();
  const roles = roleRows.map((r) => r.role).filter(isRole).sort();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    branchId: user.branch_id,
    branchCode: user.branch_code,
    ...(user.kind === 'team' && user.parent_path !== null ? { branchPath: user.parent_path, unitPath: user.branch_path } : { branchPath: user.branch_path }),
    roles,
    permissions: permissionsOf(roles),
    via,
    credentialId,
  };
}

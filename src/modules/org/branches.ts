import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../api/context.js';
import { pathInScope, requireInScope } from '../../api/access.js';
import { AppError } from '../../api/problem.js';
import type { BranchTable, DB } from '../../db/schema.js';
import { childBranchPath } from '../../domain/access.js';
import { type AuditWho, recordAudit } from '../audit/record.js';

export type BranchRow = Selectable<BranchTable>;

export function branchView(row: BranchRow) {
  return {
    id: row.id,
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    kind: row.kind,
    parentId: row.parent_id,
    path: row.path,
    createdAt: row.created_at,
  };
}

export async function branchPathById(db: Kysely<DB>, id: number): Promise<string | null> {
  const row = await db.selectFrom('branch').select('path').where('id', '=', id).executeTakeFirst();
  return row?.path ?? null;
}

export async function findBranchByCode(db: Kysely<DB>, code: string): Promise<BranchRow | undefined> {
  return db.selectFrom('branch').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listBranches(db: Kysely<DB>, actor: Actor): Promise<BranchRow[]> {
  return db.selectFrom('branch').selectAll().where('path', ...pathInScope(actor)).orderBy('path').execute();
}

export async function getBranch(db: Kysely<DB>, id: number): Promise<BranchRow> {
  const row = await db.selectFrom('branch').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not-found');
  return row;
}

export interface NewBranch {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: 'branch' | 'team';
  parentId: number;
}

const ALLOWED_PARENTS: Record<NewBranch['kind'], ReadonlyArray<BranchRow['kind']>> = {
  branch: ['head_office', 'branch'],
  team: ['branch'],
};

/** Head office → branches (which may hold sub-branches) → teams; teams are leaves. */
export async function createBranch(db: Kysely<DB>, who: AuditWho, input: NewBranch): Promise<BranchRow> {
  return db.transaction().execute(async (trx) => {
    const parent = await trx.selectFrom('branch').selectAll().where('id', '=', input.parentId).forUpdate().executeTakeFirst();
    if (!parent) throw new AppError('validation', undefined, [{ field: 'parentId', message: 'no such branch' }]);
    if (!ALLOWED_PARENTS[input.kind].includes(parent.kind)) {
      throw new AppError('validation', { 'zh-CN': `${parent.kind} 下不能建立 ${input.kind}`, 'en-US': `a ${input.kind} cannot be placed under a ${parent.kind}` }, [
        { field: 'parentId', message: `a ${input.kind} needs a parent of kind ${ALLOWED_PARENTS[input.kind].join(' or ')}` },
      ]);
    }
    if (await findBranchByCode(trx, input.code)) {
      throw new AppError('conflict', { 'zh-CN': `机构代码 ${input.code} 已存在`, 'en-US': `branch code ${input.code} is taken` }, [{ field: 'code', message: 'taken' }]);
    }
    const row = await trx
      .insertInto('branch')
      .values({ code: input.code, name_zh: input.nameZh, name_en: input.nameEn, kind: input.kind, parent_id: parent.id, path: childBranchPath(parent.path, input.code) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, { action: 'branch.create', entityType: 'branch', entityId: row.id, branchPath: row.path, after: branchView(row) });
    return row;
  });
}

export async function updateBranch(
  db: Kysely<DB>,
  who: AuditWho,
  id: number,
  input: { nameZh?: string | undefined; nameEn?: string | undefined; reason: string },
): Promise<BranchRow> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('branch').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('not-found');
    const after = await trx
      .updateTable('branch')
      .set({ name_zh: input.nameZh ?? before.name_zh, name_en: input.nameEn ?? before.name_en })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, {
      action: 'branch.update',
      entityType: 'branch',
      entityId: id,
      branchPath: before.path,
      before: branchView(before),
      after: branchView(after),
      reason: input.reason,
    });
    return after;
  });
}

/** For moves and creations that name a second branch: it must exist and be in scope too. */
export async function requireBranchInScope(db: Kysely<DB>, actor: Actor, branchId: number, field: string): Promise<string> {
  const path = await branchPathById(db, branchId);
  if (path === null) throw new AppError('validation', undefined, [{ field, message: 'no such branch' }]);
  requireInScope(actor, path);
  return path;
}

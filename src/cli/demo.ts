import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DatabaseTarget } from '../db/database-url.js';
import type { DB } from '../db/schema.js';
import { addDays } from '../domain/business-date.js';
import { closeBusinessDate } from '../jobs/close-of-business.js';
import type { AuditWho } from '../modules/audit/record.js';
import { generatePassword } from '../modules/auth/credentials.js';
import { createBranch, findBranchByCode } from '../modules/org/branches.js';
import { createUser } from '../modules/org/users.js';
import { currentBusinessDate } from '../modules/system/business-date.js';

/** Beside an on-disk embedded database; other databases keep no file (the password is printed once). */
export function demoCredentialsFile(target: DatabaseTarget): string | null {
  return target.kind === 'pglite' && target.dataDir ? path.join(path.dirname(target.dataDir), 'demo-admin.json') : null;
}

const DEMO_BRANCHES = [
  { code: 'BJ', nameZh: '北京分行', nameEn: 'Beijing Branch', kind: 'branch', parent: 'HO' },
  { code: 'BJ-C1', nameZh: '北京催收一组', nameEn: 'Beijing Collections Team 1', kind: 'team', parent: 'BJ' },
  { code: 'SH', nameZh: '上海分行', nameEn: 'Shanghai Branch', kind: 'branch', parent: 'HO' },
  { code: 'SH-F1', nameZh: '上海回访一组', nameEn: 'Shanghai Follow-up Team 1', kind: 'team', parent: 'SH' },
] as const;

export interface DemoLogin {
  username: string;
  password: string;
  createdNow: boolean;
}

/**
 * The demo's organisation and admin, created once. The admin's password is random; with an
 * on-disk embedded database it is kept beside it (`.daihou/demo-admin.json`, mode 600) so that
 * every `npm start` can print it again.
 */
export async function seedDemo(db: Kysely<DB>, who: AuditWho, file: string | null): Promise<DemoLogin | null> {
  for (const b of DEMO_BRANCHES) {
    if (await findBranchByCode(db, b.code)) continue;
    const parent = await findBranchByCode(db, b.parent);
    if (!parent) continue;
    await createBranch(db, who, { code: b.code, nameZh: b.nameZh, nameEn: b.nameEn, kind: b.kind, parentId: parent.id });
  }
  const admin = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (!admin) {
    const headOffice = await findBranchByCode(db, 'HO');
    if (!headOffice) return null;
    const password = generatePassword();
    await createUser(db, who, { username: 'admin', displayName: '系统管理员 Administrator', branchId: headOffice.id, roles: ['admin'], password });
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ username: 'admin', password }, null, 2), { mode: 0o600 });
    }
    return { username: 'admin', password, createdNow: true };
  }
  if (!file || !fs.existsSync(file)) return null;
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { username: string; password: string };
  return { ...saved, createdNow: false };
}

/**
 * The demo book is generated up to the business date; the close of the day before, which a
 * lender's nightly run would have done, gives its loans their DPD, bucket and class and the
 * dashboard its figures. Once: a database that has been closed before is left to its own closes.
 */
export async function closeDemoEve(db: Kysely<DB>): Promise<string | null> {
  if (await db.selectFrom('eod_run').select('business_date').limit(1).executeTakeFirst()) return null;
  const started = performance.now();
  const eve = addDays(await currentBusinessDate(db), -1);
  await closeBusinessDate(db, eve);
  await (await import('../jobs/after-close.js')).runAfterClose(db, eve);
  return `closed ${eve}, the demo book's first close of business, in ${((performance.now() - started) / 1000).toFixed(1)} s`;
}

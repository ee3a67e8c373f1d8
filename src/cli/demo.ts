import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AuditWho } from '../modules/audit/record.js';
import { generatePassword } from '../modules/auth/credentials.js';
import { createBranch, findBranchByCode } from '../modules/org/branches.js';
import { createUser } from '../modules/org/users.js';

export const DEMO_CREDENTIALS_FILE = path.join('.daihou', 'demo-admin.json');

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
 * The demo's organisation and admin, created once. The admin's password is random and kept in
 * `.daihou/demo-admin.json` (mode 600) so that every `npm start` can print it again.
 */
export async function seedDemo(db: Kysely<DB>, who: AuditWho, cwd: string): Promise<DemoLogin | null> {
  for (const b of DEMO_BRANCHES) {
    if (await findBranchByCode(db, b.code)) continue;
    const parent = await findBranchByCode(db, b.parent);
    if (!parent) continue;
    await createBranch(db, who, { code: b.code, nameZh: b.nameZh, nameEn: b.nameEn, kind: b.kind, parentId: parent.id });
  }
  const file = path.join(cwd, DEMO_CREDENTIALS_FILE);
  const admin = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirst();
  if (!admin) {
    const headOffice = await findBranchByCode(db, 'HO');
    if (!headOffice) return null;
    const password = generatePassword();
    await createUser(db, who, { username: 'admin', displayName: '系统管理员 Administrator', branchId: headOffice.id, roles: ['admin'], password });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ username: 'admin', password }, null, 2), { mode: 0o600 });
    return { username: 'admin', password, createdNow: true };
  }
  if (!fs.existsSync(file)) return null;
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { username: string; password: string };
  return { ...saved, createdNow: false };
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Role } from '../../domain/access.js';
import { mobileNumber } from '../../domain/generate/id-numbers.js';
import { fullName } from '../../domain/generate/names.js';
import { rngFor } from '../../domain/generate/rng.js';
import type { AuditWho } from '../audit/record.js';
import { createBranch, findBranchByCode } from '../org/branches.js';
import { createUser } from '../org/users.js';

/**
 * The generated organisation: six branches in cities that `src/domain/generate/regions.ts` has
 * districts for, each with a collections team and a follow-up team, and a handful of users of
 * every role. Codes and usernames are fixed (not seeded), so every generated book shares one
 * organisation, and anything that already exists — a branch the demo seed made, a user from an
 * earlier run — is left as it is.
 */
export interface GeneratedBranchSpec {
  code: string;
  /** `Region.city` of the districts this branch lends in. */
  city: string;
  nameZh: string;
  nameEn: string;
  /** Short city name for team names: 北京催收一组. */
  cityZh: string;
  cityEn: string;
}

export const GENERATED_BRANCHES: readonly GeneratedBranchSpec[] = [
  { code: 'BJ', city: '北京市', nameZh: '北京分行', nameEn: 'Beijing Branch', cityZh: '北京', cityEn: 'Beijing' },
  { code: 'SH', city: '上海市', nameZh: '上海分行', nameEn: 'Shanghai Branch', cityZh: '上海', cityEn: 'Shanghai' },
  { code: 'GZ', city: '广州市', nameZh: '广州分行', nameEn: 'Guangzhou Branch', cityZh: '广州', cityEn: 'Guangzhou' },
  { code: 'SZ', city: '深圳市', nameZh: '深圳分行', nameEn: 'Shenzhen Branch', cityZh: '深圳', cityEn: 'Shenzhen' },
  { code: 'HZ', city: '杭州市', nameZh: '杭州分行', nameEn: 'Hangzhou Branch', cityZh: '杭州', cityEn: 'Hangzhou' },
  { code: 'CD', city: '成都市', nameZh: '成都分行', nameEn: 'Chengdu Branch', cityZh: '成都', cityEn: 'Chengdu' },
];

/** Team codes under branch `code`: collections (催收) and follow-up (回访), as the demo seed names them. */
export const collectionsTeamCode = (code: string): string => `${code}-C1`;
export const followUpTeamCode = (code: string): string => `${code}-F1`;

export interface GeneratedUserSpec {
  username: string;
  /** Branch or team code. */
  unit: string;
  roles: Role[];
  /** Job title shown after the name. */
  title: string;
}

/** Roles present in every generated branch's subtree, and at head office. */
export const BRANCH_ROLES: readonly Role[] = ['collector', 'followup_agent', 'qa', 'branch_manager', 'risk_officer'];
export const HEAD_OFFICE_ROLES: readonly Role[] = ['admin', 'auditor', 'risk_officer'];

export function generatedUsers(): GeneratedUserSpec[] {
  const users: GeneratedUserSpec[] = [
    { username: 'ho.admin', unit: 'HO', roles: ['admin'], title: '系统管理员' },
    { username: 'ho.auditor', unit: 'HO', roles: ['auditor'], title: '审计' },
    { username: 'ho.risk', unit: 'HO', roles: ['risk_officer'], title: '风险经理' },
  ];
  for (const b of GENERATED_BRANCHES) {
    const p = b.code.toLowerCase();
    users.push(
      { username: `${p}.manager`, unit: b.code, roles: ['branch_manager'], title: '分行经理' },
      { username: `${p}.risk`, unit: b.code, roles: ['risk_officer'], title: '风险专员' },
      { username: `${p}.qa`, unit: b.code, roles: ['qa'], title: '质检' },
      { username: `${p}.collector1`, unit: collectionsTeamCode(b.code), roles: ['collector'], title: '催收员' },
      { username: `${p}.collector2`, unit: collectionsTeamCode(b.code), roles: ['collector'], title: '催收员' },
      { username: `${p}.followup1`, unit: followUpTeamCode(b.code), roles: ['followup_agent'], title: '回访专员' },
    );
  }
  return users;
}

/** Users a generated loan may name as its officer: the branch's collectors and follow-up agents. */
export const OFFICER_ROLES: readonly Role[] = ['collector', 'followup_agent'];

export interface Organisation {
  branchesCreated: number;
  usersCreated: number;
  /** Branch id by code, for the six generated branches. */
  branchIds: Map<string, number>;
  /** Officer user ids by branch code, in username order (so the choice does not depend on ids). */
  officers: Map<string, number[]>;
}

async function ensureUnit(db: Kysely<DB>, who: AuditWho, code: string, spec: { nameZh: string; nameEn: string; kind: 'branch' | 'team'; parent: string }): Promise<{ id: number; created: boolean }> {
  const existing = await findBranchByCode(db, code);
  if (existing) return { id: existing.id, created: false };
  const parent = await findBranchByCode(db, spec.parent);
  if (!parent) throw new Error(`cannot create ${code}: no branch ${spec.parent}`);
  const row = await createBranch(db, who, { code, nameZh: spec.nameZh, nameEn: spec.nameEn, kind: spec.kind, parentId: parent.id });
  return { id: row.id, created: true };
}

/** Creates whatever part of the organisation is missing; `password` is given to every user created now. */
export async function ensureOrganisation(db: Kysely<DB>, who: AuditWho, password: string): Promise<Organisation> {
  let branchesCreated = 0;
  const branchIds = new Map<string, number>();
  const unitIds = new Map<string, number>();
  const ho = await findBranchByCode(db, 'HO');
  if (!ho) throw new Error('no head office (branch HO): run the migrations first');
  unitIds.set('HO', ho.id);
  for (const b of GENERATED_BRANCHES) {
    const branch = await ensureUnit(db, who, b.code, { nameZh: b.nameZh, nameEn: b.nameEn, kind: 'branch', parent: 'HO' });
    const collections = await ensureUnit(db, who, collectionsTeamCode(b.code), { nameZh: `${b.cityZh}催收一组`, nameEn: `${b.cityEn} Collections Team 1`, kind: 'team', parent: b.code });
    const followUp = await ensureUnit(db, who, followUpTeamCode(b.code), { nameZh: `${b.cityZh}回访一组`, nameEn: `${b.cityEn} Follow-up Team 1`, kind: 'team', parent: b.code });
    branchesCreated += [branch, collections, followUp].filter((u) => u.created).length;
    branchIds.set(b.code, branch.id);
    unitIds.set(b.code, branch.id);
    unitIds.set(collectionsTeamCode(b.code), collections.id);
    unitIds.set(followUpTeamCode(b.code), followUp.id);
  }

  const specs = generatedUsers();
  const existing = new Set((await db.selectFrom('app_user').select('username').where('username', 'in', specs.map((s) => s.username)).execute()).map((u) => u.username));
  let usersCreated = 0;
  for (const spec of specs) {
    if (existing.has(spec.username)) continue;
    // Staff names depend on the username only, not on the book's seed: one organisation serves every book.
    const rng = rngFor('staff', spec.username);
    const name = fullName(rng.child('name'), rng.child('gender').chance(0.6) ? 'M' : 'F');
    const branchId = unitIds.get(spec.unit);
    if (branchId === undefined) throw new Error(`no unit ${spec.unit}`);
    await createUser(db, who, { username: spec.username, displayName: `${name}（${spec.title}）`, branchId, roles: spec.roles, password, phone: mobileNumber(rng.child('mobile')) });
    usersCreated++;
  }

  const officers = new Map<string, number[]>();
  const officerSpecs = specs.filter((s) => s.roles.some((r) => OFFICER_ROLES.includes(r)));
  const rows = await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', officerSpecs.map((s) => s.username)).execute();
  const idOf = new Map(rows.map((r) => [r.username, r.id]));
  for (const b of GENERATED_BRANCHES) {
    const prefix = `${b.code.toLowerCase()}.`;
    const ids = officerSpecs
      .filter((s) => s.username.startsWith(prefix))
      .map((s) => s.username)
      .sort()
      .flatMap((u) => {
        const id = idOf.get(u);
        return id === undefined ? [] : [id];
      });
    officers.set(b.code, ids);
  }
  return { branchesCreated, usersCreated, branchIds, officers };
}

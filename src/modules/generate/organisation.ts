import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Role } from '../../domain/access.js';
import { mobileNumber } from '../../domain/generate/id-numbers.js';
import { fullName } from '../../domain/generate/names.js';
import { rngFor } from '../../domain/generate/rng.js';
import type { AuditWho } from '../audit/record.js';
import { createBranch, findBranchByCode } from '../org/branches.js';
import { createUser } from '../org/users.js';
import { collectionsTeamCode, followUpTeamCode, GENERATED_BRANCHES, generatedUsers } from './org-plan.js';

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

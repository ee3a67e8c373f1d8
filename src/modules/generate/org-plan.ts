import type { Role } from '../../domain/access.js';

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

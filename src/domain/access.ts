/**
 * Who may do what, and where. Roles grant permissions (the matrix below is the one place that
 * says so); branch scope is a subtree of the organisation: a user sees and changes only data of
 * their own branch and the branches under it, head office sees everything. Branch paths are
 * materialised as `/HO/BJ/BJ-T1/` so "is X inside Y" is a prefix test, in SQL as in code.
 */

export const ROLES = [
  'collector',
  'followup_agent',
  'qa',
  'branch_manager',
  'risk_officer',
  'admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'token.manage',
  'audit.read',
  'pii.reveal',
  'loan.read',
  'loan.write',
  'payment.post',
  'payment.reverse',
  'loan.classify',
  'fact.record',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  collector: ['pii.reveal', 'loan.read'],
  // follow-up agents verify what borrowers declared, so they record what they find
  followup_agent: ['pii.reveal', 'loan.read', 'fact.record'],
  qa: ['loan.read'],
  branch_manager: ['org.read', 'pii.reveal', 'loan.read', 'payment.post', 'payment.reverse', 'fact.record'],
  risk_officer: ['org.read', 'loan.read', 'loan.classify'],
  admin: ['org.read', 'org.manage', 'token.manage', 'audit.read', 'pii.reveal', 'loan.read', 'loan.write', 'payment.post', 'payment.reverse', 'fact.record'],
  auditor: ['org.read', 'audit.read', 'loan.read'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => GRANTS[role]));
}

export function rolesGranting(permission: Permission): Role[] {
  return ROLES.filter((role) => GRANTS[role].includes(permission));
}

export function allows(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
}

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

export function isBranchCode(code: string): boolean {
  return CODE.test(code);
}

export function childBranchPath(parentPath: string | null, code: string): string {
  if (!isBranchCode(code)) throw new Error(`invalid branch code: ${code}`);
  return `${parentPath ?? '/'}${code}/`;
}

/** True when `targetPath` is the scope branch itself or lies beneath it. */
export function inBranchScope(scopePath: string, targetPath: string): boolean {
  return targetPath.startsWith(scopePath);
}

/** Depth of a branch: head office 0, its branches 1, their teams 2. */
export function branchDepth(path: string): number {
  return path.split('/').filter(Boolean).length - 1;
}

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
  // collections (催收): read cases, coverage and strategies; work cases (queue, contacts, promises,
  // holds); manage them (allocation, recall, releasing holds); write and publish strategies
  'collection.read',
  'collection.work',
  'collection.manage',
  'strategy.edit',
  'strategy.publish',
  // follow-ups (回访): read them and their KPIs; do them; correct one (file an amendment); approve
  // or reject a correction that changes something derived; score QA items; set follow-up policy
  'followup.read',
  'followup.work',
  'followup.correct',
  'followup.approve',
  'followup.qa',
  'followup.policy',
  // collateral and risk: record appraisals, liens and insurance; set risk data (market index, LTV
  // thresholds, GPS rules and geofences, early-warning indicators); post GPS events (a vendor's
  // token is scoped to this alone); acknowledge and resolve early warnings
  'collateral.record',
  'risk.configure',
  'telematics.ingest',
  'warning.handle',
  // behaviour score models: a risk officer approves a trained model as the champion close of business
  // scores with (never one they registered; training one is risk.configure)
  'model.approve',
  // restructuring (展期/减息/罚息减免): request one for a borrower in hardship; approve or reject another's
  'restructure.request',
  'restructure.approve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Follow-up permissions by role, apart from the rest so the two lists stay readable. */
const FOLLOWUP_GRANTS: Record<Role, readonly Permission[]> = {
  collector: [],
  followup_agent: ['followup.read', 'followup.work', 'followup.correct'],
  qa: ['followup.read', 'followup.correct', 'followup.qa'],
  // a branch manager approves corrections (never their own) and tightens the branch's policy
  branch_manager: ['followup.read', 'followup.correct', 'followup.approve', 'followup.policy'],
  // risk officers write head office's follow-up standard
  risk_officer: ['followup.read', 'followup.policy'],
  admin: ['followup.read', 'followup.work', 'followup.correct', 'followup.approve', 'followup.qa', 'followup.policy'],
  auditor: ['followup.read'],
};

/** Collateral, telematics and early-warning permissions by role, apart like the follow-up ones. */
const RISK_GRANTS: Record<Role, readonly Permission[]> = {
  collector: ['warning.handle'],
  followup_agent: ['warning.handle'],
  qa: [],
  branch_manager: ['collateral.record', 'warning.handle'],
  risk_officer: ['collateral.record', 'risk.configure', 'telematics.ingest', 'warning.handle', 'model.approve'],
  admin: ['collateral.record', 'risk.configure', 'telematics.ingest', 'warning.handle'],
  auditor: [],
};

/** Restructuring permissions by role: the amounts each approver may grant are data (restructuring_authority). */
const RESTRUCTURE_GRANTS: Record<Role, readonly Permission[]> = {
  collector: ['restructure.request'],
  followup_agent: [],
  qa: [],
  branch_manager: ['restructure.request', 'restructure.approve'],
  risk_officer: ['restructure.request', 'restructure.approve'],
  admin: ['restructure.request', 'restructure.approve'],
  auditor: [],
};

const GRANTS: Record<Role, readonly Permission[]> = {
  collector: ['pii.reveal', 'loan.read', 'collection.read', 'collection.work'],
  // follow-up agents verify what borrowers declared, so they record what they find
  followup_agent: ['pii.reveal', 'loan.read', 'fact.record'],
  // QA reviews collectors' contacts
  qa: ['loan.read', 'collection.read'],
  branch_manager: ['org.read', 'pii.reveal', 'loan.read', 'payment.post', 'payment.reverse', 'fact.record', 'collection.read', 'collection.work', 'collection.manage'],
  // risk officers write head office's collection strategies and publish them
  risk_officer: ['org.read', 'loan.read', 'loan.classify', 'collection.read', 'strategy.edit', 'strategy.publish'],
  admin: [
    'org.read', 'org.manage', 'token.manage', 'audit.read', 'pii.reveal', 'loan.read', 'loan.write', 'payment.post', 'payment.reverse', 'fact.record',
    'collection.read', 'collection.work', 'collection.manage', 'strategy.edit', 'strategy.publish',
  ],
  auditor: ['org.read', 'audit.read', 'loan.read', 'collection.read'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

const granted = (role: Role): readonly Permission[] => [...GRANTS[role], ...FOLLOWUP_GRANTS[role], ...RISK_GRANTS[role], ...RESTRUCTURE_GRANTS[role]];

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap(granted));
}

export function rolesGranting(permission: Permission): Role[] {
  return ROLES.filter((role) => granted(role).includes(permission));
}

export function allows(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => granted(role).includes(permission));
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

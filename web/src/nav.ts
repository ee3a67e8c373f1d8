import type { Permission } from './auth/context.js';
import { COLLECTIONS_MANAGE_NAV } from './collections/manage-nav.js';
import { COLLECTIONS_NAV } from './collections/nav.js';
import { FOLLOWUPS_NAV } from './followups/nav.js';
import type { MessageKey } from './locales/zh-CN.js';
import { RESTRUCTURING_NAV } from './restructuring/nav.js';
import { RISK_MODELS_NAV } from './risk/models-nav.js';
import { RISK_NAV } from './risk/nav.js';

/** A menu group: its heading is `nav.group.<name>` (admin: `nav.admin`). */
export type NavGroup = 'collections' | 'followups' | 'risk' | 'restructuring' | 'admin';

export interface NavItem {
  path: string;
  label: MessageKey;
  /** The permission the page's API calls need (src/domain/access.ts): without it the item is not shown. */
  permission: Permission;
  group?: NavGroup;
}

export const NAV: readonly NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', permission: 'loan.read' },
  { path: '/loans', label: 'nav.loans', permission: 'loan.read' },
  ...COLLECTIONS_NAV,
  ...COLLECTIONS_MANAGE_NAV,
  ...FOLLOWUPS_NAV,
  ...RISK_NAV,
  ...RISK_MODELS_NAV,
  ...RESTRUCTURING_NAV,
  { path: '/admin/users', label: 'nav.users', permission: 'org.read', group: 'admin' },
  { path: '/admin/branches', label: 'nav.branches', permission: 'org.read', group: 'admin' },
  { path: '/admin/roles', label: 'nav.roles', permission: 'org.read', group: 'admin' },
  { path: '/admin/eod-runs', label: 'nav.eodRuns', permission: 'org.manage', group: 'admin' },
  { path: '/admin/tokens', label: 'nav.tokens', permission: 'token.manage', group: 'admin' },
  { path: '/admin/audit', label: 'nav.audit', permission: 'audit.read', group: 'admin' },
];

export function visibleNav(permissions: readonly string[]): NavItem[] {
  return NAV.filter((item) => permissions.includes(item.permission));
}

/** Where a user lands after signing in: the first page they may see. */
export function homePath(permissions: readonly string[]): string {
  return visibleNav(permissions)[0]?.path ?? '/loans';
}

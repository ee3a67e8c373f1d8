import type { MessageKey } from './locales/zh-CN.js';

type Permission = 'org.read' | 'org.manage' | 'loan.read' | 'audit.read';

export interface NavItem {
  path: string;
  label: MessageKey;
  /** The permission the page's API calls need (src/domain/access.ts): without it the item is not shown. */
  permission: Permission;
  group?: 'admin';
}

export const NAV: readonly NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', permission: 'loan.read' },
  { path: '/loans', label: 'nav.loans', permission: 'loan.read' },
  { path: '/admin/users', label: 'nav.users', permission: 'org.read', group: 'admin' },
  { path: '/admin/branches', label: 'nav.branches', permission: 'org.read', group: 'admin' },
  { path: '/admin/roles', label: 'nav.roles', permission: 'org.read', group: 'admin' },
  { path: '/admin/eod-runs', label: 'nav.eodRuns', permission: 'org.manage', group: 'admin' },
];

export function visibleNav(permissions: readonly string[]): NavItem[] {
  return NAV.filter((item) => permissions.includes(item.permission));
}

/** Where a user lands after signing in: the first page they may see. */
export function homePath(permissions: readonly string[]): string {
  return visibleNav(permissions)[0]?.path ?? '/loans';
}

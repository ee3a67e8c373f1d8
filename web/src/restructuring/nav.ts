import type { NavItem } from '../nav.js';

/** The restructuring pages in the menu, under the 'restructuring' group (routes in ./routes.tsx). */
export const RESTRUCTURING_NAV: readonly NavItem[] = [
  { path: '/restructuring/inbox', label: 'nav.restructuring.inbox', permission: 'restructure.approve', group: 'restructuring' },
  { path: '/restructuring/report', label: 'nav.restructuring.report', permission: 'loan.read', group: 'restructuring' },
  { path: '/restructuring/limits', label: 'nav.restructuring.limits', permission: 'restructure.approve', group: 'restructuring' },
];

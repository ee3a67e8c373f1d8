import type { NavItem } from '../nav.js';

/** The followups pages in the menu, under the 'followups' group (routes in ./routes.tsx). */
export const FOLLOWUPS_NAV: readonly NavItem[] = [
  { path: '/followups', label: 'fu.nav.mine', permission: 'followup.work', group: 'followups' },
  { path: '/followups/amendments', label: 'fu.nav.approvals', permission: 'followup.approve', group: 'followups' },
  { path: '/followups/qa', label: 'fu.nav.qa', permission: 'followup.qa', group: 'followups' },
  { path: '/followups/kpis', label: 'fu.nav.kpis', permission: 'followup.read', group: 'followups' },
];

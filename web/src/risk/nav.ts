import type { NavItem } from '../nav.js';

/** The risk pages in the menu, under the 'risk' group (routes in ./routes.tsx). */
export const RISK_NAV: readonly NavItem[] = [
  // the inbox is where warnings are handled (acknowledged, resolved): the roles that handle them see it
  { path: '/risk/alerts', label: 'nav.risk.alerts', permission: 'warning.handle', group: 'risk' },
  { path: '/risk/ltv', label: 'nav.risk.ltv', permission: 'loan.read', group: 'risk' },
  // the editor publishes to head office's library: only roles that may configure risk see it
  { path: '/risk/indicators', label: 'nav.risk.indicators', permission: 'risk.configure', group: 'risk' },
];

import type { NavItem } from '../nav.js';

/** The score model pages (model cards, approval, score distribution) in the menu. */
export const RISK_MODELS_NAV: readonly NavItem[] = [
  { path: '/risk/models', label: 'nav.risk.models', permission: 'loan.read', group: 'risk' },
  { path: '/risk/score-distribution', label: 'nav.risk.scoreDistribution', permission: 'loan.read', group: 'risk' },
];

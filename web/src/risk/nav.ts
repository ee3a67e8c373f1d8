import type { NavItem } from '../nav.js';

/** The risk pages in the menu, under the 'risk' group (routes in ./routes.tsx). */
export const RISK_NAV: readonly NavItem[] = [];

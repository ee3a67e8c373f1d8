import type { NavItem } from '../nav.js';

/** The followups pages in the menu, under the 'followups' group (routes in ./routes.tsx). */
export const FOLLOWUPS_NAV: readonly NavItem[] = [];

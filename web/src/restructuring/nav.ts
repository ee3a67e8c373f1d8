import type { NavItem } from '../nav.js';

/** The restructuring pages in the menu, under the 'restructuring' group (routes in ./routes.tsx). */
export const RESTRUCTURING_NAV: readonly NavItem[] = [];

import type { NavItem } from '../nav.js';

/** The collections management pages (team board, strategies, coverage, champion/challenger) in the menu. */
export const COLLECTIONS_MANAGE_NAV: readonly NavItem[] = [];

import type { NavItem } from '../nav.js';

/** The score model pages (model cards, approval, score distribution) in the menu. */
export const RISK_MODELS_NAV: readonly NavItem[] = [];

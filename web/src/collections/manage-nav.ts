import type { NavItem } from '../nav.js';

/** The collections management pages (team board, strategies, coverage, champion/challenger) in the menu. */
export const COLLECTIONS_MANAGE_NAV: readonly NavItem[] = [
  { path: '/collections/board', label: 'collections.manage.board', permission: 'collection.manage', group: 'collections' },
  { path: '/collections/coverage', label: 'collections.manage.coverage', permission: 'collection.read', group: 'collections' },
  { path: '/collections/strategies', label: 'collections.manage.strategies', permission: 'strategy.edit', group: 'collections' },
  { path: '/collections/champion-challenger', label: 'collections.manage.championChallenger', permission: 'collection.read', group: 'collections' },
];

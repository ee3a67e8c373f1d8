import type { NavItem } from '../nav.js';

/** The collections pages in the menu, under the 'collections' group (routes in ./routes.tsx). */
export const COLLECTIONS_NAV: readonly NavItem[] = [{ path: '/collections/queue', label: 'nav.collections.queue', permission: 'collection.work', group: 'collections' }];

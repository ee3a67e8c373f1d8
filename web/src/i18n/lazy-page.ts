import { type ComponentType, lazy } from 'react';
import { loadAreaStrings } from './translate.js';

/** A page loaded on first visit, together with the areas' strings (fetched once, in parallel). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own bound
export function lazyPage<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([loadAreaStrings(), load()]).then(([, page]) => page));
}

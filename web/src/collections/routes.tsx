import { type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Guard } from '../auth/Guard.js';
import { lazyPage } from '../i18n/lazy-page.js';

const QueuePage = lazyPage(() => import('./queue/QueuePage.js'));
const CasePage = lazyPage(() => import('./case/CasePage.js'));

/**
 * The collections pages: <Route> elements (paths relative to the app root, each page lazy-loaded and
 * wrapped in <Guard permission=…>), mounted by AppRoutes.tsx. The case reads with collection.read
 * (QA, auditors); logging and promising inside it need collection.work and are hidden without it.
 */
export function collectionsRoutes(): ReactNode {
  return [
    <Route key="collections-queue" path="collections/queue" element={<Guard permission="collection.work"><QueuePage /></Guard>} />,
    <Route key="collections-case" path="collections/cases/:id" element={<Guard permission="collection.read"><CasePage /></Guard>} />,
  ];
}

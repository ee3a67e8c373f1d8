import { type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Guard } from '../auth/Guard.js';
import { lazyPage } from '../i18n/lazy-page.js';

const InboxPage = lazyPage(() => import('./InboxPage.js'));
const ReportPage = lazyPage(() => import('./ReportPage.js'));
const LimitsPage = lazyPage(() => import('./LimitsPage.js'));

/**
 * The restructuring pages: <Route> elements (paths relative to the app root, each page lazy-loaded and
 * wrapped in <Guard permission=…>), mounted by AppRoutes.tsx.
 */
export function restructuringRoutes(): ReactNode {
  return [
    <Route key="rs-inbox" path="restructuring/inbox" element={<Guard permission="restructure.approve"><InboxPage /></Guard>} />,
    <Route key="rs-report" path="restructuring/report" element={<Guard permission="loan.read"><ReportPage /></Guard>} />,
    <Route key="rs-limits" path="restructuring/limits" element={<Guard permission="restructure.approve"><LimitsPage /></Guard>} />,
  ];
}

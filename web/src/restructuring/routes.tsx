import { lazy, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Guard } from '../auth/Guard.js';

const InboxPage = lazy(() => import('./InboxPage.js'));
const ReportPage = lazy(() => import('./ReportPage.js'));
const LimitsPage = lazy(() => import('./LimitsPage.js'));

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

import { type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Guard } from '../auth/Guard.js';
import { lazyPage } from '../i18n/lazy-page.js';

const AlertInboxPage = lazyPage(() => import('./inbox/AlertInboxPage.js'));
const LtvDistributionPage = lazyPage(() => import('./ltv/LtvDistributionPage.js'));
const IndicatorEditorPage = lazyPage(() => import('./indicators/IndicatorEditorPage.js'));

/**
 * The risk pages: <Route> elements (paths relative to the app root, each page lazy-loaded and
 * wrapped in <Guard permission=…>), mounted by AppRoutes.tsx.
 */
export function riskRoutes(): ReactNode {
  return [
    <Route key="risk-alerts" path="/risk/alerts" element={<Guard permission="warning.handle"><AlertInboxPage /></Guard>} />,
    <Route key="risk-ltv" path="/risk/ltv" element={<Guard permission="loan.read"><LtvDistributionPage /></Guard>} />,
    <Route key="risk-indicators" path="/risk/indicators" element={<Guard permission="risk.configure"><IndicatorEditorPage /></Guard>} />,
  ];
}

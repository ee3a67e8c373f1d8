import { type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Guard } from '../auth/Guard.js';
import { lazyPage } from '../i18n/lazy-page.js';

const ModelsPage = lazyPage(() => import('./models/ModelsPage.js'));
const ModelCardPage = lazyPage(() => import('./models/ModelCardPage.js'));
const ScoreDistributionPage = lazyPage(() => import('./models/ScoreDistributionPage.js'));

/** The score model pages: <Route> elements, each lazy-loaded and wrapped in <Guard>. */
export function riskModelsRoutes(): ReactNode {
  return [
    <Route key="risk-models" path="/risk/models" element={<Guard permission="loan.read"><ModelsPage /></Guard>} />,
    <Route key="risk-model" path="/risk/models/:id" element={<Guard permission="loan.read"><ModelCardPage /></Guard>} />,
    <Route key="risk-score-distribution" path="/risk/score-distribution" element={<Guard permission="loan.read"><ScoreDistributionPage /></Guard>} />,
  ];
}

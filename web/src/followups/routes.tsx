import { type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Guard } from '../auth/Guard.js';
import { lazyPage } from '../i18n/lazy-page.js';

const MyFollowUpsPage = lazyPage(() => import('./MyFollowUpsPage.js'));
const FollowUpFormPage = lazyPage(() => import('./FollowUpFormPage.js'));
const HistoryPage = lazyPage(() => import('./HistoryPage.js'));
const ApprovalsPage = lazyPage(() => import('./ApprovalsPage.js'));
const QaPage = lazyPage(() => import('./QaPage.js'));
const QaScorePage = lazyPage(() => import('./QaScorePage.js'));
const KpisPage = lazyPage(() => import('./KpisPage.js'));

/**
 * The followups pages: <Route> elements (paths relative to the app root, each page lazy-loaded and
 * wrapped in <Guard permission=…>), mounted by AppRoutes.tsx. Each guard is the permission of the
 * API calls the page makes (the history is readable by anyone who may read follow-ups).
 */
export function followupsRoutes(): ReactNode {
  return (
    <>
      <Route path="followups" element={<Guard permission="followup.work"><MyFollowUpsPage /></Guard>} />
      <Route path="followups/amendments" element={<Guard permission="followup.approve"><ApprovalsPage /></Guard>} />
      <Route path="followups/qa" element={<Guard permission="followup.qa"><QaPage /></Guard>} />
      <Route path="followups/qa/:id" element={<Guard permission="followup.qa"><QaScorePage /></Guard>} />
      <Route path="followups/kpis" element={<Guard permission="followup.read"><KpisPage /></Guard>} />
      <Route path="followups/:id" element={<Guard permission="followup.work"><FollowUpFormPage /></Guard>} />
      <Route path="followups/:id/history" element={<Guard permission="followup.read"><HistoryPage /></Guard>} />
    </>
  );
}

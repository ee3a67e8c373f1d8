import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useSession } from './auth/context.js';
import { Guard, Loading, NotFound } from './auth/Guard.js';
import { loginPath } from './auth/paths.js';
import { collectionsManageRoutes } from './collections/manage-routes.js';
import { collectionsRoutes } from './collections/routes.js';
import { followupsRoutes } from './followups/routes.js';
import { restructuringRoutes } from './restructuring/routes.js';
import { riskModelsRoutes } from './risk/models-routes.js';
import { riskRoutes } from './risk/routes.js';
import { AppLayout } from './layout/AppLayout.js';
import { homePath } from './nav.js';
import { LoginPage } from './pages/LoginPage.js';
import { lazyPage } from './i18n/lazy-page.js';

// Every page but sign-in loads on first visit, so the first screen carries no tables or charts.
const DashboardPage = lazyPage(() => import('./pages/DashboardPage.js'));
const LoansPage = lazyPage(() => import('./pages/LoansPage.js'));
const LoanPage = lazyPage(() => import('./pages/LoanPage.js'));
const UsersPage = lazyPage(() => import('./pages/admin/UsersPage.js'));
const BranchesPage = lazyPage(() => import('./pages/admin/BranchesPage.js'));
const RolesPage = lazyPage(() => import('./pages/admin/RolesPage.js'));
const EodRunsPage = lazyPage(() => import('./pages/admin/EodRunsPage.js'));
const TokensPage = lazyPage(() => import('./pages/admin/TokensPage.js'));
const AuditPage = lazyPage(() => import('./pages/admin/AuditPage.js'));

function Home() {
  const session = useSession();
  if (session.loading) return <Loading />;
  if (!session.me) return <Navigate to={loginPath(session.reason, null)} replace />;
  return <Navigate to={homePath(session.me.permissions)} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<Home />} />
        <Route path="dashboard" element={<Guard permission="loan.read"><DashboardPage /></Guard>} />
        <Route path="loans" element={<Guard permission="loan.read"><LoansPage /></Guard>} />
        <Route path="loans/:id" element={<Guard permission="loan.read"><LoanPage /></Guard>} />
        {collectionsRoutes()}
        {collectionsManageRoutes()}
        {followupsRoutes()}
        {riskRoutes()}
        {riskModelsRoutes()}
        {restructuringRoutes()}
        <Route path="admin/users" element={<Guard permission="org.read"><UsersPage /></Guard>} />
        <Route path="admin/branches" element={<Guard permission="org.read"><BranchesPage /></Guard>} />
        <Route path="admin/roles" element={<Guard permission="org.read"><RolesPage /></Guard>} />
        <Route path="admin/eod-runs" element={<Guard permission="org.manage"><EodRunsPage /></Guard>} />
        <Route path="admin/tokens" element={<Guard permission="token.manage"><TokensPage /></Guard>} />
        <Route path="admin/audit" element={<Guard permission="audit.read"><AuditPage /></Guard>} />
        <Route path="*" element={<Suspense fallback={<Loading />}><NotFound /></Suspense>} />
      </Route>
    </Routes>
  );
}

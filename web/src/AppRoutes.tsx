import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type { Permission } from './auth/context.js';
import { useSession } from './auth/context.js';
import { loginPath } from './auth/paths.js';
import { Forbidden, NotFound } from './components/ResultPages.js';
import { AppLayout } from './layout/AppLayout.js';
import { homePath } from './nav.js';
import { LoginPage } from './pages/LoginPage.js';

// Every page but sign-in loads on first visit, so the first screen carries no tables or charts.
const DashboardPage = lazy(() => import('./pages/DashboardPage.js'));
const LoansPage = lazy(() => import('./pages/LoansPage.js'));
const LoanPage = lazy(() => import('./pages/LoanPage.js'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage.js'));
const BranchesPage = lazy(() => import('./pages/admin/BranchesPage.js'));
const RolesPage = lazy(() => import('./pages/admin/RolesPage.js'));
const EodRunsPage = lazy(() => import('./pages/admin/EodRunsPage.js'));

function Loading() {
  return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
}

/** Signed-in pages: visitors go to sign in (and come back here after); a missing permission shows 403. */
function Guard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.loading) return <Loading />;
  if (!session.me) {
    // After signing out on purpose the next user starts at home, not on the last user's page.
    const next = session.reason === 'signed-out' ? null : `${location.pathname}${location.search}`;
    return <Navigate to={loginPath(session.reason, next)} replace />;
  }
  if (!session.can(permission)) return <Forbidden />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

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
        <Route path="admin/users" element={<Guard permission="org.read"><UsersPage /></Guard>} />
        <Route path="admin/branches" element={<Guard permission="org.read"><BranchesPage /></Guard>} />
        <Route path="admin/roles" element={<Guard permission="org.read"><RolesPage /></Guard>} />
        <Route path="admin/eod-runs" element={<Guard permission="org.manage"><EodRunsPage /></Guard>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

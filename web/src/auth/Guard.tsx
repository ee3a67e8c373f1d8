import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { type Permission, useSession } from './context.js';
import { loginPath } from './paths.js';

// The result pages carry antd's large illustrations: loaded only when one is shown, not with sign-in.
const Forbidden = lazy(() => import('../components/ResultPages.js').then((m) => ({ default: m.Forbidden })));
export const NotFound = lazy(() => import('../components/ResultPages.js').then((m) => ({ default: m.NotFound })));

export function Loading() {
  return <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
}

/** Signed-in pages: visitors go to sign in (and come back here after); a missing permission shows 403. */
export function Guard({ permission, children }: { permission: Permission; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.loading) return <Loading />;
  if (!session.me) {
    // After signing out on purpose the next user starts at home, not on the last user's page.
    const next = session.reason === 'signed-out' ? null : `${location.pathname}${location.search}`;
    return <Navigate to={loginPath(session.reason, next)} replace />;
  }
  if (!session.can(permission))
    return (
      <Suspense fallback={<Loading />}>
        <Forbidden />
      </Suspense>
    );
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

import { Spin } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Forbidden } from '../components/ResultPages.js';
import { type Permission, useSession } from './context.js';
import { loginPath } from './paths.js';

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
  if (!session.can(permission)) return <Forbidden />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

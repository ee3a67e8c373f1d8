import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo } from 'react';
import { api, ApiError, setUnauthorizedHandler, unwrap } from '../api/client.js';
import { type Me, SessionContext, type Session } from './context.js';
import type { SignOutReason } from './paths.js';

export const ME_KEY = ['me'] as const;

interface MeState {
  user: Me | null;
  /** Why nobody is signed in, when it is known (null: never signed in). */
  reason: SignOutReason | null;
}

const SESSION_EXPIRED = 'urn:daihou:problem:session-expired';

/** Who is signed in (GET /auth/me). A 401 from any later call signs the page out and says why. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<MeState> => {
      try {
        return { user: await unwrap(api.GET('/api/v1/auth/me')), reason: null };
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return { user: null, reason: error.problem.type === SESSION_EXPIRED ? 'expired' : null };
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });

  // The route guard of the page on screen then sends the user to sign in (and back here afterwards).
  const signOut = useCallback(
    (reason: SignOutReason) => {
      queryClient.setQueryData<MeState>(ME_KEY, { user: null, reason });
      // Nothing of the last user's data stays in the cache for the next one.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    },
    [queryClient],
  );

  useEffect(() => {
    setUnauthorizedHandler((type) => {
      // Only a signed-in page is signed out; before /auth/me answers, the route guard sends visitors to sign in.
      if (!queryClient.getQueryData<MeState>(ME_KEY)?.user) return;
      signOut(type === SESSION_EXPIRED ? 'expired' : 'unauthenticated');
    });
  }, [queryClient, signOut]);

  const user = me.data?.user ?? null;
  const value = useMemo<Session>(
    () => ({
      me: user,
      loading: me.isPending,
      reason: me.data?.reason ?? null,
      can: (permission) => user?.permissions.includes(permission) ?? false,
      signedIn: (signed) => queryClient.setQueryData<MeState>(ME_KEY, { user: signed, reason: null }),
      signOut: async () => {
        await api.POST('/api/v1/auth/logout').catch(() => undefined);
        signOut('signed-out');
      },
    }),
    [user, me.isPending, me.data?.reason, queryClient, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

import { createContext, useContext } from 'react';
import type { Schemas } from '../api/types.js';
import type { SignOutReason } from './paths.js';

export type Me = Schemas['Me'];
export type Permission = Me['permissions'][number];

export interface Session {
  me: Me | null;
  loading: boolean;
  /** Why nobody is signed in, when known: the sign-in page says so. */
  reason: SignOutReason | null;
  can(permission: Permission): boolean;
  signedIn(me: Me): void;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

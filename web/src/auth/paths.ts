/** Why the sign-in page is showing, which decides its message. */
export type SignOutReason = 'expired' | 'unauthenticated' | 'signed-out';

const REASONS: readonly SignOutReason[] = ['expired', 'unauthenticated', 'signed-out'];

export function loginPath(reason: SignOutReason | null, next: string | null): string {
  const params = new URLSearchParams();
  if (reason) params.set('reason', reason);
  if (next && next !== '/' && !next.startsWith('/login')) params.set('next', next);
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}

export function reasonOf(value: string | null): SignOutReason | null {
  return REASONS.find((r) => r === value) ?? null;
}

/** Only a path inside this app is followed after sign-in: never another origin. */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

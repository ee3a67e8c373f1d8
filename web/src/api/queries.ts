import { useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/context.js';
import { api, type Schemas, unwrap } from './client.js';

/** Shared look-ups: fetched once, cached for the session. */

export function useBusinessDate() {
  return useQuery({ queryKey: ['business-date'], queryFn: () => unwrap(api.GET('/api/v1/business-date')), staleTime: 60_000 });
}

export function useBranches() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['branches'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/branches'))).items,
    enabled: can('org.read'),
    staleTime: 5 * 60_000,
  });
}

/** Every user in scope, page after page (the API pages by 500 at most). */
export function useAllUsers() {
  const { can } = useSession();
  return useQuery({
    queryKey: ['users', 'all'],
    queryFn: async () => {
      const users: Schemas['User'][] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }));
        users.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return users;
    },
    enabled: can('org.read'),
    staleTime: 60_000,
  });
}

export interface BranchNode {
  value: number;
  title: string;
  key: number;
  children: BranchNode[];
  branch: Schemas['Branch'];
}

/** The branch list as a tree (head office first), for TreeSelect and Tree. */
export function branchTree(branches: readonly Schemas['Branch'][], name: (b: Schemas['Branch']) => string): BranchNode[] {
  const nodes = new Map<number, BranchNode>();
  for (const b of branches) nodes.set(b.id, { value: b.id, key: b.id, title: `${name(b)} (${b.code})`, children: [], branch: b });
  const roots: BranchNode[] = [];
  for (const b of branches) {
    const node = nodes.get(b.id)!;
    const parent = b.parentId === null ? undefined : nodes.get(b.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

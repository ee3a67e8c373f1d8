import { useQuery } from '@tanstack/react-query';
import { api, type QueryOf, unwrap } from '../api/client.js';
import type { CaseDetail, Task } from './case-types.js';

/** Queries of the collections work pages; keys under ['collections', …] so one invalidation refreshes them. */

export const caseKey = (id: number) => ['collections', 'case', id] as const;
export const myTasksKey = ['collections', 'my-tasks'] as const;

export function useCase(id: number) {
  return useQuery({
    queryKey: caseKey(id),
    queryFn: async () => (await unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } }))) as unknown as CaseDetail,
    enabled: Number.isSafeInteger(id) && id > 0,
  });
}

export type NextContactQuery = QueryOf<'/api/v1/cases/{id}/next-contact'>;

/** Asked again whenever the channel or party changes, and after every logged attempt (the case key prefix). */
export function useNextContact(caseId: number, query: NextContactQuery, enabled: boolean) {
  return useQuery({
    queryKey: [...caseKey(caseId), 'next-contact', query],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/next-contact', { params: { path: { id: caseId }, query } })),
    enabled,
  });
}

export function useParties(caseId: number) {
  return useQuery({ queryKey: [...caseKey(caseId), 'parties'], queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/parties', { params: { path: { id: caseId } } })), staleTime: 60_000 });
}

export function useCollectors(enabled = true) {
  return useQuery({ queryKey: ['collections', 'collectors'], queryFn: async () => (await unwrap(api.GET('/api/v1/collectors'))).items, staleTime: 5 * 60_000, enabled });
}

export function useMyTasks() {
  return useQuery({ queryKey: myTasksKey, queryFn: async () => (await unwrap(api.GET('/api/v1/tasks'))).items.filter((x): x is Task => x !== null) });
}

export function useLoanCases(loanId: number) {
  return useQuery({ queryKey: ['collections', 'loan-cases', loanId], queryFn: async () => (await unwrap(api.GET('/api/v1/loans/{id}/collection-cases', { params: { path: { id: loanId } } }))).items });
}

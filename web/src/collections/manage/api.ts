import { useQuery } from '@tanstack/react-query';
import { api, type Ok, type QueryOf, unwrap } from '../../api/client.js';

/** The collections management pages' reads, keyed under 'collections-manage' so an action refreshes them together. */
export const MANAGE_KEY = 'collections-manage';

export type CaseListQuery = QueryOf<'/api/v1/cases'>;
export type CaseRow = Ok<'/api/v1/cases'>['items'][number];
export type Owner = Ok<'/api/v1/case-workloads'>['owners'][number];
export type Coverage = Ok<'/api/v1/coverage'>;
export type Comparison = Ok<'/api/v1/champion-challenger'>;
export type StrategyVersion = Ok<'/api/v1/collection-strategies'>['items'][number];
export type Preview = Ok<'/api/v1/collection-strategies/preview', 'post'>;

export function useCases(query: CaseListQuery) {
  return useQuery({ queryKey: [MANAGE_KEY, 'cases', query], queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query } })) });
}

export function useWorkloads(branchId: number | undefined) {
  return useQuery({ queryKey: [MANAGE_KEY, 'workloads', branchId], queryFn: () => unwrap(api.GET('/api/v1/case-workloads', { params: { query: { branchId } } })) });
}

export function useCoverage(branchId: number | undefined, enabled = true) {
  return useQuery({ queryKey: [MANAGE_KEY, 'coverage', branchId], queryFn: () => unwrap(api.GET('/api/v1/coverage', { params: { query: { branchId, limit: 200 } } })), enabled });
}

export function useComparison(query: QueryOf<'/api/v1/champion-challenger'>) {
  return useQuery({ queryKey: [MANAGE_KEY, 'comparison', query], queryFn: () => unwrap(api.GET('/api/v1/champion-challenger', { params: { query } })) });
}

export function useStrategies() {
  return useQuery({ queryKey: [MANAGE_KEY, 'strategies'], queryFn: async () => (await unwrap(api.GET('/api/v1/collection-strategies'))).items });
}

export function useCaseDetail(caseId: number | null) {
  return useQuery({
    queryKey: [MANAGE_KEY, 'case', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id: caseId! } } })),
    enabled: caseId !== null,
  });
}

/** An owner's key in the pickers: kind and id. */
export const ownerKey = (o: { kind: string; id: number }) => `${o.kind}:${o.id}`;

import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.js';

/** The first day of a business date's month: the dashboard's default KPI period runs from it. */
export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

export function useFollowUpKpis(branchId: number | undefined, from: string | undefined, to: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['followups', 'kpis', branchId ?? null, from ?? null, to ?? null],
    queryFn: () => unwrap(api.GET('/api/v1/followups/kpis', { params: { query: { branchId: branchId!, from: from!, to: to! } } })),
    enabled: enabled && branchId !== undefined && from !== undefined && to !== undefined,
  });
}

import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client.js';

export const historyKey = (loanId: number) => ['restructuring', 'loan', loanId] as const;
export const INBOX_KEY = ['restructuring', 'inbox'] as const;

/** A loan's assessments, requests and schedule versions. */
export function useLoanRestructurings(loanId: number) {
  return useQuery({ queryKey: historyKey(loanId), queryFn: () => unwrap(api.GET('/api/v1/loans/{id}/restructurings', { params: { path: { id: loanId } } })) });
}

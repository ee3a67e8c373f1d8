import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Ok, unwrap } from '../api/client.js';

export type Loan360 = Ok<'/api/v1/loans/{id}'>;

export const loanKey = (id: number) => ['loan', id] as const;

/** The loan 360; `reveal` asks for personal data unmasked (allowed roles only; the server audits the read). */
export function useLoan(id: number, reveal: boolean) {
  return useQuery({
    queryKey: [...loanKey(id), { reveal }],
    queryFn: () => unwrap(api.GET('/api/v1/loans/{id}', { params: { path: { id }, query: { reveal: reveal ? 'true' : 'false' } } })),
    // Unmasked personal data is not kept around once the page is left.
    gcTime: reveal ? 0 : undefined,
    // Revealing swaps masked data for unmasked without blanking the page.
    placeholderData: keepPreviousData,
  });
}

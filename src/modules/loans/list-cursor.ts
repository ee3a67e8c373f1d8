import { z } from '@hono/zod-openapi';
import { AppError } from '../../api/problem.js';
import { isBusinessDate } from '../../domain/business-date.js';

export const LOAN_SORTS = ['id', 'disbursementDate', 'dpd', 'outstandingPrincipal', 'principal'] as const;
export type LoanSort = (typeof LOAN_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/**
 * Where a page ended: the last row's sort key and id. `phase` 2 is the tail of a sort on a
 * close-of-business column (DPD, outstanding principal): the loans no close has seen yet, which
 * have no key and come last in either direction, ordered by id.
 */
export interface ListPosition {
  phase: 1 | 2;
  key: number | string | null;
  id: number;
}

const Payload = z
  .object({
    v: z.literal(1),
    s: z.enum(LOAN_SORTS),
    o: z.enum(['asc', 'desc']),
    p: z.union([z.literal(1), z.literal(2)]),
    k: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().max(10), z.null()]),
    i: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export function encodeCursor(sort: LoanSort, order: SortOrder, at: ListPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, s: sort, o: order, p: at.phase, k: at.key, i: at.id })).toString('base64url');
}

const refuse = (why: string): never => {
  throw new AppError('validation', { 'zh-CN': '翻页游标无效，请从第一页重新查询', 'en-US': 'The page cursor is not valid; start again from the first page' }, [{ field: 'query.cursor', message: why }]);
};

/**
 * A cursor comes back from the client, so it is checked like any input: it must decode, belong to
 * the same sort and order as the request, and carry a key of the sort's type. Anything else is a
 * 400, never a query built from whatever was sent.
 */
export function decodeCursor(cursor: string, sort: LoanSort, order: SortOrder): ListPosition {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse('not a cursor from this list');
  }
  const parsed = Payload.safeParse(raw);
  if (!parsed.success) return refuse('not a cursor from this list');
  const c = parsed.data;
  if (c.s !== sort || c.o !== order) return refuse(`the cursor belongs to sort=${c.s}&order=${c.o}`);
  const keyed = sort !== 'id' && c.p === 1;
  if (!keyed && c.k !== null) return refuse('unexpected sort key');
  if (keyed && (sort === 'disbursementDate' ? typeof c.k !== 'string' || !isBusinessDate(c.k) : typeof c.k !== 'number')) return refuse('the sort key does not fit the sort');
  if (c.p === 2 && !isStatusSort(sort)) return refuse('unexpected phase');
  return { phase: c.p, key: c.k, id: c.i };
}

/** Sorts on a column kept by close of business, which a loan not yet closed does not have. */
export function isStatusSort(sort: LoanSort): boolean {
  return sort === 'dpd' || sort === 'outstandingPrincipal';
}

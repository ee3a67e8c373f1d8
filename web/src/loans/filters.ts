import type { QueryOf } from '../api/types.js';

/** The loans list's query, as `GET /api/v1/loans` takes it (derived from the generated API types). */
export type LoanQuery = QueryOf<'/api/v1/loans'>;
export type LoanSort = NonNullable<LoanQuery['sort']>;

export const SORTS: readonly LoanSort[] = ['id', 'disbursementDate', 'dpd', 'outstandingPrincipal', 'principal'];
export const PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

const STATUSES = ['active', 'paid_off', 'written_off'] as const;
const LIST = /^[A-Za-z0-9_+]+(,[A-Za-z0-9_+]+)*$/;

/** The filters of the list live in the page's URL, so a dashboard figure can link to the loans behind it. */
export const FILTER_KEYS = ['branchId', 'product', 'status', 'officerUserId', 'bucket', 'riskClass', 'stage', 'dpdMin', 'dpdMax'] as const;

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Reads the list's query from a URL; anything malformed is dropped rather than sent. */
export function parseLoanQuery(params: URLSearchParams): LoanQuery {
  const q: LoanQuery = {};
  const branchId = positiveInt(params.get('branchId'));
  if (branchId) q.branchId = branchId;
  const officerUserId = positiveInt(params.get('officerUserId'));
  if (officerUserId) q.officerUserId = officerUserId;
  const product = params.get('product')?.trim();
  if (product) q.product = product;
  const status = params.get('status');
  if (STATUSES.some((s) => s === status)) q.status = status as LoanQuery['status'];
  for (const key of ['bucket', 'riskClass', 'stage'] as const) {
    const value = params.get(key);
    if (value && LIST.test(value)) q[key] = value;
  }
  const dpdMin = positiveInt(params.get('dpdMin'));
  if (dpdMin !== undefined) q.dpdMin = dpdMin;
  const dpdMax = positiveInt(params.get('dpdMax'));
  if (dpdMax !== undefined) q.dpdMax = dpdMax;
  const sort = params.get('sort');
  if (SORTS.some((s) => s === sort)) q.sort = sort as LoanSort;
  const order = params.get('order');
  if (order === 'asc' || order === 'desc') q.order = order;
  const cursor = params.get('cursor');
  if (cursor) q.cursor = cursor;
  const limit = positiveInt(params.get('limit'));
  if (limit && limit <= 500) q.limit = limit;
  return q;
}

/** The URL query for a list query; empty values are left out so links stay short. */
export function loanQueryToParams(q: LoanQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  return params;
}

/** A link to the loans list showing exactly the loans a filter selects (used by the dashboard). */
export function loansLink(filter: Partial<Record<string, string | number | null | undefined>>): string {
  const given = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== null) given.set(key, String(value));
  const params = loanQueryToParams(parseLoanQuery(given));
  const query = params.toString();
  return query ? `/loans?${query}` : '/loans';
}

/** What the export link takes: the same filters and order, no paging. */
export function exportQuery(q: LoanQuery, format: 'csv' | 'xlsx'): Record<string, string | number | undefined> {
  const rest: Record<string, string | number | undefined> = {};
  for (const [key, value] of Object.entries(q)) if (key !== 'cursor' && key !== 'limit' && value !== null) rest[key] = value as string | number | undefined;
  return { ...rest, format };
}

export function splitList(value: string | undefined): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

export function joinList(values: readonly (string | number)[]): string | undefined {
  return values.length > 0 ? values.join(',') : undefined;
}

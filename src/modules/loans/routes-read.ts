import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../api/access.js';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json } from '../../api/schemas.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { EXPORT_TYPES, exportLoans } from './export.js';
import { listLoans } from './list.js';
import { DateString, Loan360, LoanEvent, LoanExportQuery, LoanListQuery, LoanRow, LoanStatusHistory } from './schemas.js';
import { loanEvents, loanStatusHistory } from './timeline.js';
import { loan360, loanBranchPath, quotePayoff } from './view.js';

const tags = ['loans'];
const entity = { kind: 'entity', permission: 'loan.read' } as const;

/** The loan book read side: the list and its export, loan 360, its events, history and payoff quote. */
export function registerLoanReadRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans',
      tags,
      summary: '贷款列表 Loans in my scope: filters, sorting, keyset pages',
      request: { query: LoanListQuery },
      responses: { 200: json(z.object({ items: z.array(LoanRow), nextCursor: z.string().nullable() }), 'A page of loans'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => {
      const { cursor, limit, ...q } = c.req.valid('query');
      return c.json(await listLoans(c.get('deps').db, c.get('actor'), q, cursor, limit), 200);
    },
  );

  // Before /loans/{id}, which would otherwise take "export" for an id.
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/export',
      tags,
      summary: '导出贷款列表 Export the filtered loans as CSV (UTF-8 with BOM) or XLSX, streamed; audited',
      request: { query: LoanExportQuery },
      responses: {
        200: {
          description: 'The file, as an attachment named loans-<business date>.csv|xlsx',
          content: { 'text/csv': { schema: z.string() }, [EXPORT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...errorResponses,
      },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => {
      const { format, ...q } = c.req.valid('query');
      const { db } = c.get('deps');
      const file = `loans-${await currentBusinessDate(db)}.${format}`;
      const out = await exportLoans(db, c.get('actor'), auditWhoOf(c.get('actor'), c.get('requestId')), q, format, c.get('lang'));
      return c.body(out.body, 200, { 'content-type': EXPORT_TYPES[format], 'content-disposition': `attachment; filename="${file}"`, 'x-row-count': String(out.rows), 'cache-control': 'no-store' });
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}',
      tags,
      summary: '贷款全景 Loan 360: status badges, schedule state, payments with allocations, borrower (masked), vehicles',
      request: { params: IdParam, query: z.object({ reveal: z.enum(['true', 'false']).default('false') }) },
      responses: { 200: json(Loan360, 'The loan'), ...errorResponses },
    }),
    { ...entity, branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const reveal = c.req.valid('query').reveal === 'true';
      if (reveal) requirePermission(c.get('actor'), 'pii.reveal');
      const { db } = c.get('deps');
      return c.json(await loan360(db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, await currentBusinessDate(db), reveal), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/events',
      tags,
      summary: '贷款事件 Close-of-business events of a loan (overdue, bucket, class, stage, paid off), newest first',
      request: { params: IdParam, query: z.object({ cursor: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }) },
      responses: { 200: json(z.object({ items: z.array(LoanEvent), nextCursor: z.string().nullable() }), 'A page of events'), ...errorResponses },
    }),
    { ...entity, branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const { cursor, limit } = c.req.valid('query');
      return c.json(await loanEvents(c.get('deps').db, c.req.valid('param').id, cursor, limit), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/history',
      tags,
      summary: '状态历史 Status history of a loan: a row per change of bucket, class or stage, newest first',
      request: { params: IdParam },
      responses: { 200: json(LoanStatusHistory, 'The history'), ...errorResponses },
    }),
    { ...entity, branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await loanStatusHistory(c.get('deps').db, c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/payoff-quote',
      tags,
      summary: '提前结清试算 Payoff quote for a date (default: the business date)',
      request: { params: IdParam, query: z.object({ on: DateString.optional() }) },
      responses: {
        200: json(z.object({ on: z.string(), principalFen: z.number().int(), interestFen: z.number().int(), penaltyFen: z.number().int(), creditFen: z.number().int(), totalFen: z.number().int() }), 'The quote'),
        ...errorResponses,
      },
    }),
    { ...entity, branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const { db } = c.get('deps');
      const on = (c.req.valid('query').on as BusinessDate | undefined) ?? (await currentBusinessDate(db));
      return c.json(await quotePayoff(db, c.req.valid('param').id, on), 200);
    },
  );
}

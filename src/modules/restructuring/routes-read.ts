import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json } from '../../api/schemas.js';
import { auditWhoOf } from '../audit/record.js';
import { loanBranchPath } from '../loans/view.js';
import { loanRestructuringHistory, restructuringDetail } from './detail.js';
import { listInbox } from './inbox.js';
import { restructuringBranchPath } from './report.js';
import { restructuredLoans, restructuredLoansCsv } from './restructured-report.js';
import { InboxItem, LoanRestructuringHistory, RestructuredQuery, RestructuredReport, RestructuringDetail } from './schemas-read.js';

const tags = ['restructuring'];

/** What checkers and managers read: the approval inbox, one request in full, a loan's history, the restructured-loans report. */
export function registerRestructuringReadRoutes(app: Api): void {
  // before /restructurings/{id}, which would otherwise take "inbox" for an id
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/restructurings/inbox',
      tags,
      summary: '重组审批 The approval inbox: pending requests in the checker\'s branches with the amounts that decide authority, whether the caller may approve each, and the branch\'s quota this month',
      responses: { 200: json(z.object({ asOf: z.string(), items: z.array(InboxItem) }), 'Pending requests, oldest first'), ...errorResponses },
    }),
    { kind: 'list', permission: 'restructure.approve' },
    async (c) => c.json(await listInbox(c.get('deps').db, c.get('actor')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/restructurings/{id}',
      tags,
      summary: '重组详情 One request: its hardship assessment, old and new schedule (recomputed while pending; stale when the loan moved since), and what the caller\'s authority and the quota say',
      request: { params: IdParam },
      responses: { 200: json(RestructuringDetail, 'The request'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => restructuringBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json((await restructuringDetail(c.get('deps').db, c.get('actor'), c.req.valid('param').id)) as z.infer<typeof RestructuringDetail>, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/restructurings',
      tags,
      summary: '重组历史 A loan\'s hardship assessments, restructurings and every schedule version (old versions stay readable)',
      request: { params: IdParam },
      responses: { 200: json(LoanRestructuringHistory, 'The history'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await loanRestructuringHistory(c.get('deps').db, c.get('actor'), c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/restructured-loans',
      tags,
      summary: '重组贷款报表 Restructured loans, reported apart from the rest: options, dates, observation period, class floor and status; with a summary against the other active loans',
      request: { query: RestructuredQuery },
      responses: { 200: json(RestructuredReport, 'The report'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await restructuredLoans(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/restructured-loans/export',
      tags,
      summary: '导出重组贷款 The restructured-loans report as CSV (UTF-8 with BOM); audited',
      request: { query: RestructuredQuery },
      responses: { 200: { description: 'restructured-loans-<business date>.csv', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => {
      const out = await restructuredLoansCsv(c.get('deps').db, c.get('actor'), auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('query'), c.get('lang'));
      return c.body(out.body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="restructured-loans-${out.asOf}.csv"`, 'x-row-count': String(out.rows), 'cache-control': 'no-store' });
    },
  );
}

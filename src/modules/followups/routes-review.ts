import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { branchPath, qaItemBranchPath } from './context.js';
import { pendingAmendments } from './history.js';
import { followUpKpis } from './kpis.js';
import { listQaItems, qaItemView, scoreQaItem } from './qa.js';
import { KpiQuery, KpiView, PendingAmendmentsView, QaListQuery, QaListView, ScoreBody, ScoreView } from './schemas.js';

const tags = ['followups'];

export function registerFollowUpReviewRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/amendments',
      tags,
      summary: '待审批更正 Amendments waiting for a supervisor in your branches, oldest first',
      responses: { 200: json(PendingAmendmentsView, 'Pending amendments'), ...errorResponses },
    }),
    { kind: 'list', permission: 'followup.approve' },
    async (c) => c.json({ items: await pendingAmendments(c.get('deps').db, c.get('actor')) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/qa',
      tags,
      summary: '质检 QA items of your branches (open: to score)',
      request: { query: QaListQuery },
      responses: { 200: json(QaListView, 'QA items'), ...errorResponses },
    }),
    { kind: 'list', permission: 'followup.qa' },
    async (c) => c.json({ items: await listQaItems(c.get('deps').db, c.get('actor'), c.req.valid('query').status) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/qa/{id}',
      tags,
      summary: '质检项 A QA item with the follow-up\'s answers as recorded (personal data masked)',
      request: { params: IdParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The QA item'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.qa', branchOf: (c) => qaItemBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await qaItemView(c.get('deps').db, c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/qa/{id}/score',
      tags,
      summary: '质检评分 Score every answer of a sampled follow-up; errors with the right answer become an amendment (source qa)',
      request: { params: IdParam, body: jsonBody(ScoreBody) },
      responses: { 201: json(ScoreView, 'Scored'), 409: { description: 'Already scored', content: errorResponses[400].content }, ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.qa', branchOf: (c) => qaItemBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await scoreQaItem(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.get('lang'), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/followups/kpis',
      tags,
      summary: '回访指标 KPIs of a branch and the branches under it, per branch and agent: due vs done within SLA, discrepancy, unreachable, correction and QA error rates',
      request: { query: KpiQuery },
      responses: { 200: json(KpiView, 'The KPIs'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.read', branchOf: (c) => branchPath(c.get('deps').db, c.req.valid('query').branchId) },
    async (c) => {
      const q = c.req.valid('query');
      if (q.from > q.to) throw new AppError('validation', { 'zh-CN': '起始日不能晚于截止日', 'en-US': 'from must not be after to' }, [{ field: 'query.from', message: 'after to' }]);
      const db = c.get('deps').db;
      const root = await db.selectFrom('branch').select(['id', 'code', 'path']).where('id', '=', q.branchId).executeTakeFirstOrThrow();
      return c.json(await followUpKpis(db, root, q.from as BusinessDate, q.to as BusinessDate), 200);
    },
  );
}

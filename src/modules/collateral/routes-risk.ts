import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json, jsonBody } from '../../api/schemas.js';
import { auditWhoOf } from '../audit/record.js';
import { listFits } from './fits.js';
import { listCollateralAlerts, listCollateralTasks } from './lists.js';
import { listLtvThresholds, listMarketIndex, setLtvThreshold, setMarketIndex } from './risk-data.js';
import { CollateralAlert, CollateralTask, ListQuery, MarketIndexPoint, MarketIndexPut, ProductParam, SegmentParam, Threshold, ThresholdPut, ValuationFit } from './schemas.js';

const tags = ['collateral'];
// The index, thresholds and fits are head office's data: only users scoped at head office set them.
const HEAD_OFFICE = { kind: 'entity', permission: 'risk.configure', branchOf: async () => '/HO/' } as const;

/** Head office's valuation data, and the collateral alert and task lists of a branch. */
export function registerCollateralRiskRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/valuation-fits', tags, summary: '折旧模型 Stored depreciation fits by segment, newest version first', responses: { 200: json(z.object({ items: z.array(ValuationFit) }), 'Fits'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json({ items: await listFits(c.get('deps').db) }, 200),
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/market-index', tags, summary: '二手车价格指数 The used-car price index of every segment by month', responses: { 200: json(z.object({ items: z.array(MarketIndexPoint) }), 'Index points'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json({ items: await listMarketIndex(c.get('deps').db) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'put',
      path: '/api/v1/market-index/{segment}/{month}',
      tags,
      summary: '设置价格指数 Set a segment’s index for a month (100 = base); valuations from the next close use it',
      request: { params: SegmentParam, body: jsonBody(MarketIndexPut) },
      responses: { 200: json(MarketIndexPoint, 'Set'), ...errorResponses },
    }),
    HEAD_OFFICE,
    async (c) => {
      const { segment, month } = c.req.valid('param');
      const body = c.req.valid('json');
      return c.json(await setMarketIndex(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), segment, month, body.points, body.reason), 200);
    },
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/ltv-thresholds', tags, summary: '抵押率阈值 LTV alert thresholds by product', responses: { 200: json(z.object({ items: z.array(Threshold) }), 'Thresholds'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json({ items: await listLtvThresholds(c.get('deps').db) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'put',
      path: '/api/v1/ltv-thresholds/{product}',
      tags,
      summary: '设置抵押率阈值 Set a product’s LTV alert threshold in basis points',
      request: { params: ProductParam, body: jsonBody(ThresholdPut) },
      responses: { 200: json(Threshold, 'Set'), ...errorResponses },
    }),
    HEAD_OFFICE,
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await setLtvThreshold(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').product, body.thresholdBp, body.reason), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/collateral/alerts',
      tags,
      summary: '抵押物告警 LTV crossings, insurance reminders and gaps in the caller’s branches, newest first',
      request: { query: ListQuery.extend({ kind: z.enum(['ltv_breach', 'insurance_expiring', 'uninsured']).optional(), loanId: z.coerce.number().int().positive().optional() }) },
      responses: { 200: json(z.object({ items: z.array(CollateralAlert), nextCursor: z.string().nullable() }), 'A page of alerts'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await listCollateralAlerts(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/collateral/tasks',
      tags,
      summary: '抵押物任务 Lien releases (解押) owed on paid-off loans in the caller’s branches, newest first',
      request: { query: ListQuery.extend({ status: z.enum(['open', 'done']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(CollateralTask), nextCursor: z.string().nullable() }), 'A page of tasks'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await listCollateralTasks(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import { parseBusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { scoreDistribution } from './distribution.js';
import { approveModel, getModel, listModels } from './models.js';
import { ApproveBody, DistributionQuery, DistributionView, ModelDetailView, ModelSummaryView, TrainBody, TrainReply } from './schemas.js';
import { trainAndRegister } from './train-book.js';

const tags = ['score models'];
/** Score models are head office's: only users scoped at head office train or approve them. */
const HEAD_OFFICE = async () => '/HO/';

export function registerScoreModelRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/score-models', tags, summary: '评分模型 Every behaviour score model, newest first, with its status and headline metrics', responses: { 200: json(z.object({ items: z.array(ModelSummaryView) }), 'Models'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json({ items: await listModels(c.get('deps').db) }, 200),
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/score-models/{id}', tags, summary: '模型卡 A model with its card: features, bins, points, metrics, training data hash', request: { params: IdParam }, responses: { 200: json(ModelDetailView, 'The model and its card'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json((await getModel(c.get('deps').db, c.req.valid('param').id)) as unknown as z.infer<typeof ModelDetailView>, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/score-models',
      tags,
      summary: '训练模型 Train a behaviour scorecard on the book at a past month end (bad: 60+ DPD at any of the next six month ends) and register it as a draft',
      request: { body: jsonBody(TrainBody) },
      responses: { 201: json(TrainReply, 'Trained and registered (or the same model already was)'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'risk.configure', branchOf: HEAD_OFFICE },
    async (c) => c.json(await trainAndRegister(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), parseBusinessDate(c.req.valid('json').asOf), c.get('lang')), 201),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/score-models/{id}/approve',
      tags,
      summary: '审批冠军模型 Approve a draft as the champion close of business scores with; the previous champion retires. Not by the one who registered it',
      request: { params: IdParam, body: jsonBody(ApproveBody) },
      responses: { 200: json(ModelSummaryView, 'Approved'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'model.approve', branchOf: HEAD_OFFICE },
    async (c) => c.json(await approveModel(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json').note ?? null), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/score-distribution',
      tags,
      summary: '评分分布 Current behaviour scores of the loans in the caller’s branches: counts by grade, by 20-point band and by branch',
      request: { query: DistributionQuery },
      responses: { 200: json(DistributionView, 'The distribution'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await scoreDistribution(c.get('deps').db, c.get('actor'), c.req.valid('query').branchId), 200),
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import { FEATURE_NAMES, FEATURES } from '../../domain/warnings/features.js';
import { auditWhoOf } from '../audit/record.js';
import { listWarnings, moveWarning, warningBranchPath } from './inbox.js';
import { checkIndicator, listIndicators, publishIndicator } from './indicators.js';
import { CheckReply, FeatureView, IndicatorBody, IndicatorPost, IndicatorView, InboxQuery, MoveReply, WarningView } from './schemas.js';

const tags = ['early warning'];

export function registerWarningRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/warnings',
      tags,
      summary: '预警收件箱 Early warnings of loans in the caller’s branches, newest first',
      request: { query: InboxQuery },
      responses: { 200: json(z.object({ items: z.array(WarningView), nextCursor: z.string().nullable() }), 'A page of warnings'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await listWarnings(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/warnings/{id}/ack',
      tags,
      summary: '确认预警 Acknowledge an open warning',
      request: { params: IdParam, body: jsonBody(z.object({ note: z.string().trim().min(2).max(500).optional() }).strict()) },
      responses: { 200: json(MoveReply, 'Acknowledged'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'warning.handle', branchOf: (c) => warningBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await moveWarning(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, 'acknowledged', c.req.valid('json').note ?? null), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/warnings/{id}/resolve',
      tags,
      summary: '处理预警 Resolve a warning with a note saying what was done',
      request: { params: IdParam, body: jsonBody(z.object({ note: z.string().trim().min(2).max(1000) }).strict()) },
      responses: { 200: json(MoveReply, 'Resolved'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'warning.handle', branchOf: (c) => warningBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await moveWarning(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, 'resolved', c.req.valid('json').note), 200),
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/warning-features', tags, summary: '预警特征 The loan features an indicator expression may read', responses: { 200: json(z.object({ items: z.array(FeatureView) }), 'Features'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json({ items: FEATURE_NAMES.map((name) => ({ name, ...FEATURES[name] })) }, 200),
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/warning-indicators', tags, summary: '预警指标 Every version of every early-warning indicator', responses: { 200: json(z.object({ items: z.array(IndicatorView) }), 'Indicators'), ...errorResponses } }),
    { kind: 'global', permission: 'loan.read' },
    async (c) => c.json({ items: await listIndicators(c.get('deps').db) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/warning-indicators/check',
      tags,
      summary: '检查指标 Check a definition without publishing it: the expression against the features, the threshold against its kind; each problem by field and position',
      request: { body: jsonBody(IndicatorBody) },
      responses: { 200: json(CheckReply, 'The verdict'), ...errorResponses },
    }),
    { kind: 'global', permission: 'risk.configure' },
    async (c) => c.json(checkIndicator(c.req.valid('json')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/warning-indicators',
      tags,
      summary: '发布指标 Publish a definition as the next version of its code; close of business uses the version in force on each date',
      request: { body: jsonBody(IndicatorPost) },
      responses: { 201: json(IndicatorView, 'Published'), ...errorResponses },
    }),
    // head office's library: only users scoped at head office publish to it
    { kind: 'entity', permission: 'risk.configure', branchOf: async () => '/HO/' },
    async (c) => {
      const { reason, ...indicator } = c.req.valid('json');
      return c.json(await publishIndicator(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), indicator, reason, c.get('lang')), 201);
    },
  );
}

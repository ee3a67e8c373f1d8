import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json, jsonBody } from '../../api/schemas.js';
import { requireBranchInScope } from '../org/branches.js';
import { auditWhoOf } from '../audit/record.js';
import { coverageReport } from './coverage-report.js';
import { previewStrategy } from './preview.js';
import { registerBoardRoutes } from './routes-board.js';
import { registerCaseRoutes } from './routes-cases.js';
import { registerDeskRoutes } from './routes-desk.js';
import { registerWorkRoutes } from './routes-work.js';
import { Coverage, CoverageQuery, idParam, Preview, PreviewBody, StrategyDocument, StrategyVersion } from './schemas.js';
import { createDraft, getStrategy, listStrategies, publishStrategy } from './strategies.js';

const tags = ['collections'];

/** Collections (催收): strategies and coverage here; cases and the work queue in the files beside. */
export function registerCollectionRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/collection-strategies',
      tags,
      summary: '催收策略草稿 Save a strategy document as a draft version; errors name each field (path in the document) for the editor',
      request: { body: jsonBody(StrategyDocument) },
      responses: { 201: json(StrategyVersion, 'Saved as a draft'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'global', permission: 'strategy.edit' },
    async (c) => {
      const { db } = c.get('deps');
      const id = await createDraft(db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('json'));
      return c.json(await getStrategy(db, id), 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/collection-strategies/{id}/publish',
      tags,
      summary: '发布策略 Publish a draft: it applies from its effectiveFrom until its effectiveTo or the next published version; overlaps are refused',
      request: { params: z.object({ id: idParam('id') }) },
      responses: { 200: json(StrategyVersion, 'Published'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'global', permission: 'strategy.publish' },
    async (c) => c.json(await publishStrategy(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/collection-strategies',
      tags,
      summary: '策略版本 Every strategy version, drafts and published, with its document',
      responses: { 200: json(z.object({ items: z.array(StrategyVersion) }), 'The versions'), ...errorResponses },
    }),
    { kind: 'global', permission: 'collection.read' },
    async (c) => c.json({ items: await listStrategies(c.get('deps').db) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/collection-strategies/{id}',
      tags,
      summary: '策略版本 One strategy version',
      request: { params: z.object({ id: idParam('id') }) },
      responses: { 200: json(StrategyVersion, 'The version'), ...errorResponses },
    }),
    { kind: 'global', permission: 'collection.read' },
    async (c) => c.json(await getStrategy(c.get('deps').db, c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/collection-strategies/preview',
      tags,
      summary: '策略预览 Which loans a draft would pick today and what it would do, by segment and step, before it is published',
      request: { body: jsonBody(PreviewBody) },
      responses: { 200: json(Preview, 'The preview'), ...errorResponses },
    }),
    {
      kind: 'entity',
      permission: 'strategy.edit',
      // the branch whose loans are previewed: the one named, else the caller's own
      branchOf: async (c) => {
        const { branchId } = c.req.valid('json');
        if (branchId === undefined) return c.get('actor').branchPath;
        return (await c.get('deps').db.selectFrom('branch').select('path').where('id', '=', branchId).executeTakeFirst())?.path ?? null;
      },
    },
    async (c) => {
      const { db } = c.get('deps');
      const body = c.req.valid('json');
      const actor = c.get('actor');
      const branch = await db.selectFrom('branch').select(['path', 'code']).where('id', '=', body.branchId ?? actor.branchId).executeTakeFirstOrThrow();
      return c.json(await previewStrategy(db, body.document, branch), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/coverage',
      tags,
      summary: '逾期不催收监控 Coverage after the last close: counts per branch, team and collector, and every uncovered overdue loan with why',
      request: { query: CoverageQuery },
      responses: { 200: json(Coverage, 'Coverage'), ...errorResponses },
    }),
    { kind: 'list', permission: 'collection.read' },
    async (c) => {
      const { db } = c.get('deps');
      const q = c.req.valid('query');
      const actor = c.get('actor');
      const path = q.branchId === undefined ? actor.branchPath : await requireBranchInScope(db, actor, q.branchId, 'branchId');
      return c.json(await coverageReport(db, path, q.date, q.limit), 200);
    },
  );

  registerWorkRoutes(app);
  registerCaseRoutes(app);
  registerBoardRoutes(app);
  registerDeskRoutes(app);
}

import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json, jsonBody } from '../../api/schemas.js';
import { auditWhoOf } from '../audit/record.js';
import { userBranchPath } from '../org/users.js';
import { assignCase } from './assign.js';
import { caseAccessPath } from './case-lookup.js';
import { caseView } from './case-view.js';
import { setCollectorProfile } from './profiles.js';
import { AssignBody, CaseDetail, idParam, ProfileBody } from './schemas.js';

const tags = ['collections'];

/** The case workspace and the managers' board: a case, its manual allocation, collectors' profiles. */
export function registerCaseRoutes(app: Api): void {
  const Id = z.object({ id: idParam('id') });

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/cases/{id}', tags, summary: '案件 A case: owner and its history, tasks with explanations, contacts, promises, holds, events', request: { params: Id }, responses: { 200: json(CaseDetail, 'The case'), ...errorResponses } }),
    { kind: 'entity', permission: 'collection.read', branchOf: (c) => caseAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => c.json(await caseView(c.get('deps').db, c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/assign',
      tags,
      summary: '人工分案 / 回收 Give a case to a collector, team or agency in your scope, or recall it to the rules (ownerKind null); reason required',
      request: { params: Id, body: jsonBody(AssignBody) },
      responses: { 200: json(z.object({ caseId: z.number().int(), owner: z.object({ kind: z.string(), id: z.number().int() }).nullable(), since: z.string().nullable() }), 'Assigned'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.manage', branchOf: (c) => caseAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const actor = c.get('actor');
      const to = body.ownerKind === null || body.ownerId === null ? null : { kind: body.ownerKind, id: body.ownerId };
      return c.json(await assignCase(c.get('deps').db, actor, auditWhoOf(actor, c.get('requestId')), c.req.valid('param').id, to, body.reason), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'put',
      path: '/api/v1/users/{id}/collector-profile',
      tags,
      summary: '催收员档案 Set a collector\'s skills and the last day of their current collection training',
      request: { params: Id, body: jsonBody(ProfileBody) },
      responses: { 200: json(z.object({ userId: z.number().int(), skills: z.array(z.string()), trainingValidUntil: z.string().nullable() }), 'Saved'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.manage', branchOf: (c) => userBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await setCollectorProfile(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}

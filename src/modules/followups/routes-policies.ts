import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { branchPath } from './context.js';
import { effectivePolicy, publishHeadOfficePolicy, setBranchOverride } from './policies.js';
import { BranchQuery, EffectivePolicyView, OverrideBody, PolicyDocument, PublishPolicyBody } from './schemas.js';

const tags = ['followups'];
const HEAD_OFFICE_PATH = '/HO/';

export function registerFollowUpPolicyRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/followup-policies/effective',
      tags,
      summary: '回访标准 The follow-up policy a branch works to on a date: head office\'s version with the overrides above and at the branch, and where each value came from',
      request: { query: BranchQuery },
      responses: { 200: json(EffectivePolicyView, 'The effective policy'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.read', branchOf: (c) => branchPath(c.get('deps').db, c.req.valid('query').branchId) },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await effectivePolicy(c.get('deps').db, q.branchId, q.date as BusinessDate | undefined), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/followup-policies',
      tags,
      summary: '发布总行回访标准 Publish a new head-office policy version (from the business date or later)',
      request: { body: jsonBody(PublishPolicyBody) },
      responses: { 201: json(z.object({ version: z.number().int(), effectiveFrom: z.string(), policy: PolicyDocument }), 'Published'), ...errorResponses },
    }),
    // head office's standard is head office's data: only users scoped at head office publish it
    { kind: 'entity', permission: 'followup.policy', branchOf: async () => HEAD_OFFICE_PATH },
    async (c) => {
      const { effectiveFrom, reason, ...policy } = c.req.valid('json');
      const published = await publishHeadOfficePolicy(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), { policy, effectiveFrom: effectiveFrom as BusinessDate | undefined, reason });
      return c.json(published, 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/followup-policies/branches/{id}',
      tags,
      summary: '分行回访标准 Set a branch\'s override: it may only tighten what the branch inherits; each loosened field is refused by name',
      request: { params: IdParam, body: jsonBody(OverrideBody) },
      responses: {
        201: json(z.object({ id: z.number().int(), branchId: z.number().int(), effectiveFrom: z.string(), override: z.unknown(), policy: PolicyDocument }), 'Set'),
        ...errorResponses,
      },
    }),
    { kind: 'entity', permission: 'followup.policy', branchOf: (c) => branchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const set = await setBranchOverride(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.get('lang'), c.req.valid('param').id, {
        override: body.override,
        effectiveFrom: body.effectiveFrom as BusinessDate | undefined,
        reason: body.reason,
      });
      return c.json(set, 201);
    },
  );
}

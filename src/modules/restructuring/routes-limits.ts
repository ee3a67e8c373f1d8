import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json, jsonBody } from '../../api/schemas.js';
import { auditWhoOf } from '../audit/record.js';
import { listLimits, setAuthority, setQuota } from './limits-store.js';
import { AuthorityPut, BranchParam, Limits, QuotaPut, RoleParam } from './schemas-read.js';

const tags = ['restructuring'];
// Approval limits and quotas are head office's data: only users scoped at head office set them.
const HEAD_OFFICE = { kind: 'entity', permission: 'risk.configure', branchOf: async () => '/HO/' } as const;

/** Authority limits by role and monthly quotas by branch, as effective-dated versions. */
export function registerRestructuringLimitRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/restructuring-limits',
      tags,
      summary: '重组权限与额度 Approval limits by role and monthly quotas by branch: every version (in force, scheduled, superseded) and each branch\'s use this month',
      responses: { 200: json(Limits, 'Limits and quotas'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await listLimits(c.get('deps').db, c.get('actor')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'put',
      path: '/api/v1/restructuring-limits/authority/{role}',
      tags,
      summary: '设置审批权限 A new version of a role\'s approval limit (waived fen, months added), from a date on or after the business date; audited',
      request: { params: RoleParam, body: jsonBody(AuthorityPut) },
      responses: { 200: json(z.object({ id: z.number().int(), role: z.string(), maxWaivedFen: z.number().int(), maxExtraMonths: z.number().int(), effectiveFrom: z.string(), reason: z.string(), setBy: z.string(), createdAt: z.string() }), 'Set'), ...errorResponses },
    }),
    HEAD_OFFICE,
    async (c) => c.json(await setAuthority(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').role, c.req.valid('json')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'put',
      path: '/api/v1/restructuring-limits/quotas/{branchId}',
      tags,
      summary: '设置重组额度 A new version of a branch\'s monthly quota (count, waived fen), from a date on or after the business date; branches below without their own inherit it; audited',
      request: { params: BranchParam, body: jsonBody(QuotaPut) },
      responses: { 200: json(z.object({ id: z.number().int(), branchId: z.number().int(), branchCode: z.string(), maxCount: z.number().int(), maxWaivedFen: z.number().int(), effectiveFrom: z.string(), reason: z.string(), setBy: z.string(), createdAt: z.string() }), 'Set'), ...errorResponses },
    }),
    HEAD_OFFICE,
    async (c) => c.json(await setQuota(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').branchId, c.req.valid('json')), 200),
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import type { RestructureTerms } from '../../domain/restructuring/options.js';
import { auditWhoOf } from '../audit/record.js';
import { loanBranchPath } from '../loans/view.js';
import { approveRestructuring, rejectRestructuring } from './decide.js';
import { recordHardship } from './hardship.js';
import { listRestructurings, restructuringBranchPath } from './report.js';
import { previewRestructuring, requestRestructuring } from './requests.js';
import { registerRestructuringLimitRoutes } from './routes-limits.js';
import { registerRestructuringReadRoutes } from './routes-read.js';
import { DecisionBody, HardshipBody, Preview, PreviewBody, RequestBody, Restructuring } from './schemas.js';

const tags = ['restructuring'];
const conflict = { 409: errorResponses[400] };
// zod's optional keys are `T | undefined`; the domain's terms are exact optional properties
const asTerms = (terms: unknown) => JSON.parse(JSON.stringify(terms)) as RestructureTerms;

export function registerRestructuringRoutes(app: Api): void {
  registerRestructuringReadRoutes(app);
  registerRestructuringLimitRoutes(app);
  const loanScope = (c: { get(k: 'deps'): { db: Parameters<typeof loanBranchPath>[0] }; req: { valid(t: 'param'): { id: number } } }) => loanBranchPath(c.get('deps').db, c.req.valid('param').id);

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/hardship-assessments',
      tags,
      summary: '困难评估 Record a hardship assessment (append-only) and get the eligibility rules\' suggestions and abuse flags',
      request: { params: IdParam, body: jsonBody(HardshipBody) },
      responses: { 201: json(z.object({ id: z.number().int(), loanId: z.number().int(), assessedOn: z.string(), incomeAtApplicationFen: z.number().int().nullable(), eligible: z.boolean(), suggested: z.array(z.string()), flags: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })) }), 'Recorded'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'restructure.request', branchOf: loanScope },
    async (c) => c.json(await recordHardship(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/restructurings/preview',
      tags,
      summary: '重组预览 Preview terms on the business date: old and new schedule, interest difference, new maturity (nothing stored)',
      request: { params: IdParam, body: jsonBody(PreviewBody) },
      responses: { 200: json(Preview, 'The preview'), ...conflict, ...errorResponses },
    }),
    { kind: 'entity', permission: 'restructure.request', branchOf: loanScope },
    async (c) => c.json(await previewRestructuring(c.get('deps').db, c.req.valid('param').id, asTerms(c.req.valid('json').terms)), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/restructurings',
      tags,
      summary: '重组申请 Request a restructuring (maker): refused past the branch\'s monthly quota',
      request: { params: IdParam, body: jsonBody(RequestBody) },
      responses: { 201: json(z.object({ id: z.number().int(), status: z.literal('pending'), effectiveOn: z.string(), positionHash: z.string(), size: z.object({ waivedFen: z.number().int(), extraMonths: z.number().int() }), comparison: z.unknown() }), 'Requested'), ...conflict, ...errorResponses },
    }),
    { kind: 'entity', permission: 'restructure.request', branchOf: loanScope },
    async (c) => {
      const body = c.req.valid('json');
      const made = await requestRestructuring(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { ...body, terms: asTerms(body.terms) });
      return c.json(made, 201);
    },
  );

  const decision = (verb: 'approve' | 'reject') =>
    addRoute(
      app,
      createRoute({
        method: 'post',
        path: `/api/v1/restructurings/{id}/${verb}`,
        tags,
        summary: verb === 'approve' ? '批准重组 Approve (checker ≠ maker, within the role\'s limits): writes the new schedule version, the waiver and the class floor' : '驳回重组 Reject a request (reason required)',
        request: { params: IdParam, body: jsonBody(DecisionBody) },
        responses: { 200: json(z.object({ id: z.number().int(), status: z.enum(['approved', 'rejected']), loanId: z.number().int() }).passthrough(), 'Decided'), ...conflict, ...errorResponses },
      }),
      { kind: 'entity', permission: 'restructure.approve', branchOf: (c) => restructuringBranchPath(c.get('deps').db, c.req.valid('param').id) },
      async (c) => {
        const actor = c.get('actor');
        const who = { ...auditWhoOf(actor, c.get('requestId')), userId: actor.userId, roles: actor.roles };
        const run = verb === 'approve' ? approveRestructuring : rejectRestructuring;
        return c.json(await run(c.get('deps').db, who, c.req.valid('param').id, c.req.valid('json').reason), 200);
      },
    );
  decision('approve');
  decision('reject');

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/restructurings',
      tags,
      summary: '重组台账 Restructurings in scope: the approval inbox (status=pending) and the restructured-loans report (status=observed) with their observation period and floors',
      request: { query: z.object({ branchId: z.coerce.number().int().positive().optional(), status: z.enum(['pending', 'approved', 'rejected', 'observed']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(Restructuring) }), 'The list'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await listRestructurings(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );
}

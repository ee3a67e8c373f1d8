import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { recordAppraisal, vehicleValuations } from './appraisals.js';
import { recordPolicy, vehiclePolicies } from './insurance.js';
import { registerLien, releaseLien, vehicleLiens } from './liens.js';
import { Appraisal, AppraisalPost, Lien, LienPost, LienRelease, Policy, PolicyPost, ValuationHistory } from './schemas.js';
import { lienBranchPath, vehicleBranchPath } from './scope.js';

const tags = ['collateral'];

/** Per-vehicle collateral records: valuations and appraisals, liens (抵押登记), insurance. */
export function registerVehicleCollateralRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/vehicles/{id}/valuations',
      tags,
      summary: '车辆估值 A vehicle’s valuation history (the dates its value changed), its appraisals and its segment',
      request: { params: IdParam },
      responses: { 200: json(ValuationHistory, 'The history'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => vehicleBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await vehicleValuations(c.get('deps').db, c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/vehicles/{id}/appraisals',
      tags,
      summary: '登记评估 Record a manual appraisal (value, source, date): it overrides the model until it ages out (append-only)',
      request: { params: IdParam, body: jsonBody(AppraisalPost) },
      responses: { 201: json(Appraisal, 'Recorded'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'collateral.record', branchOf: (c) => vehicleBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const row = await recordAppraisal(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { ...body, appraisedOn: body.appraisedOn as BusinessDate });
      return c.json(row, 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/vehicles/{id}/liens',
      tags,
      summary: '抵押登记 A vehicle’s lien registrations and releases',
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(Lien) }), 'Registrations, newest first'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => vehicleBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json({ items: await vehicleLiens(c.get('deps').db, c.req.valid('param').id) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/vehicles/{id}/liens',
      tags,
      summary: '登记抵押 Record a lien registration (authority, certificate number, date); one in force per vehicle',
      request: { params: IdParam, body: jsonBody(LienPost) },
      responses: { 201: json(Lien, 'Registered'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'collateral.record', branchOf: (c) => vehicleBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const row = await registerLien(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { ...body, registeredOn: body.registeredOn as BusinessDate });
      return c.json(row, 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/liens/{id}/release',
      tags,
      summary: '解押 Record the release of a lien (once); its release task is done',
      request: { params: IdParam, body: jsonBody(LienRelease) },
      responses: { 200: json(Lien, 'Released'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'collateral.record', branchOf: (c) => lienBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const row = await releaseLien(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { releasedOn: body.releasedOn as BusinessDate, note: body.note });
      return c.json(row, 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/vehicles/{id}/insurance',
      tags,
      summary: '保险 A vehicle’s insurance policies, with whether each is in force on the business date',
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(Policy) }), 'Policies, latest end first'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => vehicleBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json({ items: await vehiclePolicies(c.get('deps').db, c.req.valid('param').id) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/vehicles/{id}/insurance',
      tags,
      summary: '登记保单 Record an insurance policy (insurer, number, 交强险 compulsory or 商业险 commercial, dates)',
      request: { params: IdParam, body: jsonBody(PolicyPost) },
      responses: { 201: json(Policy, 'Recorded'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'collateral.record', branchOf: (c) => vehicleBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const row = await recordPolicy(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { ...body, startsOn: body.startsOn as BusinessDate, endsOn: body.endsOn as BusinessDate });
      return c.json(row, 201);
    },
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../api/access.js';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody, Reason } from '../../api/schemas.js';
import { FACT_KINDS, FACT_SOURCES, VERIFICATIONS } from '../../domain/borrower-facts.js';
import { type BusinessDate, isBusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { appendFact, borrowerBranchPath, borrowerFacts } from './facts.js';

const tags = ['borrowers'];

const Fact = z
  .object({
    id: z.number().int(),
    kind: z.enum(FACT_KINDS),
    value: z.string().openapi({ description: 'masked unless revealed; monthly_income in yuan' }),
    effectiveFrom: z.string(),
    source: z.enum(FACT_SOURCES),
    verification: z.enum(VERIFICATIONS),
    supersedesId: z.number().int().nullable().openapi({ description: 'the fact this one replaced' }),
    supersededById: z.number().int().nullable().openapi({ description: 'the fact that replaced this one' }),
    recordedAt: z.string(),
    recordedBy: z.string(),
    reason: z.string().nullable(),
  })
  .openapi('BorrowerFact');

const FactPost = z
  .object({
    kind: z.enum(FACT_KINDS),
    value: z.string().max(500).openapi({
      description: 'mobile: 11 digits (13–19…); phone: 7–16 digits; email; addresses 4–200 characters; employer; position; monthly_income: yuan with at most two decimals',
      example: '13912345678',
    }),
    effectiveFrom: z.string().refine(isBusinessDate, { message: 'must be a calendar date YYYY-MM-DD' }).optional().openapi({ description: 'default: the business date; not after it', example: '2026-11-22' }),
    source: z.enum(FACT_SOURCES),
    verification: z.enum(VERIFICATIONS).default('unverified'),
    reason: Reason,
  })
  .strict()
  .openapi('BorrowerFactPost');

export function registerBorrowerRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/borrowers/{id}/facts',
      tags,
      summary: '借款人信息 Declared facts: the current one of each kind and the full history (masked unless reveal=true)',
      request: { params: IdParam, query: z.object({ reveal: z.enum(['true', 'false']).default('false') }) },
      responses: {
        200: json(z.object({ borrowerId: z.number().int(), asOf: z.string(), revealed: z.boolean(), current: z.array(Fact), history: z.array(Fact) }), 'The facts'),
        ...errorResponses,
      },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => borrowerBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const reveal = c.req.valid('query').reveal === 'true';
      if (reveal) requirePermission(c.get('actor'), 'pii.reveal');
      return c.json(await borrowerFacts(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, reveal), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/borrowers/{id}/facts',
      tags,
      summary: '登记借款人信息 Append a fact that supersedes the current one of its kind (reason required; never overwrites)',
      request: { params: IdParam, body: jsonBody(FactPost) },
      responses: { 201: json(Fact, 'Recorded (value masked)'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'fact.record', branchOf: (c) => borrowerBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const fact = await appendFact(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, {
        ...body,
        effectiveFrom: body.effectiveFrom as BusinessDate | undefined,
      });
      return c.json(fact, 201);
    },
  );
}

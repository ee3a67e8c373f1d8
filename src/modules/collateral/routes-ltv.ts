import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json } from '../../api/schemas.js';
import { ltvBandLoans, ltvDistribution } from './ltv-distribution.js';
import { LtvBandLoan, LtvBandLoansQuery, LtvDistribution, LtvDistributionQuery } from './schemas.js';

const tags = ['collateral'];

/** The LTV distribution of a branch subtree, and the loans behind each of its bars. */
export function registerLtvDistributionRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/ltv-distribution',
      tags,
      summary: '抵押率分布 Loans and outstanding principal by LTV band and product, as the latest close measured them, for a branch subtree in my scope',
      request: { query: LtvDistributionQuery },
      responses: { 200: json(LtvDistribution, 'The distribution'), ...errorResponses },
    }),
    // figures of the caller's subtree only: a chosen branch must lie in it (403 out-of-scope otherwise)
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await ltvDistribution(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/ltv-distribution/loans',
      tags,
      summary: '抵押率分档贷款 The loans of one LTV band (and product), by loan id, in a branch subtree in my scope',
      request: { query: LtvBandLoansQuery },
      responses: { 200: json(z.object({ items: z.array(LtvBandLoan), nextCursor: z.string().nullable() }), 'A page of loans'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => c.json(await ltvBandLoans(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
  );
}

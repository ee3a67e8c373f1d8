import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json } from '../../api/schemas.js';
import { dashboardNode, portfolioDashboard } from './queries.js';
import { Dashboard } from './schema.js';

export function registerDashboardRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/dashboard',
      tags: ['dashboard'],
      summary: '资产组合看板 Portfolio dashboard: the latest close of business for a branch subtree in my scope (my own branch by default)',
      request: {
        query: z.object({
          branchId: z.coerce.number().int().positive().optional().openapi({ description: 'a branch in my scope; its figures cover the branches under it' }),
        }),
      },
      responses: { 200: json(Dashboard, 'Totals, aging, 五级分类, IFRS 9 stages, branches and the month-end trend, each with the loan-list filter behind it'), ...errorResponses },
    }),
    // Loan figures of the caller's subtree only: the node must lie in it (403 out-of-scope otherwise).
    { kind: 'list', permission: 'loan.read' },
    async (c) => {
      const { db } = c.get('deps');
      const node = await dashboardNode(db, c.get('actor'), c.req.valid('query').branchId);
      return c.json(await portfolioDashboard(db, node), 200);
    },
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json } from '../../api/schemas.js';

const Run = z
  .object({
    businessDate: z.string(),
    status: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    steps: z.array(z.object({ step: z.string(), ms: z.number(), rows: z.number() })),
  })
  .openapi('EodRun');

export function registerEodRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/eod-runs',
      tags: ['close of business'],
      summary: '日终运行 Close-of-business runs, newest first, with step timings and row counts',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(366).default(31) }) },
      responses: { 200: json(z.object({ items: z.array(Run) }), 'Runs'), ...errorResponses },
    }),
    // Runs cover every branch at once and reveal no branch's data: an organisation-wide read.
    { kind: 'global', permission: 'org.manage' },
    async (c) => {
      const rows = await c.get('deps').db.selectFrom('eod_run').selectAll().orderBy('business_date', 'desc').limit(c.req.valid('query').limit).execute();
      return c.json(
        { items: rows.map((r) => ({ businessDate: r.business_date, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, steps: r.steps as Array<{ step: string; ms: number; rows: number }> })) },
        200,
      );
    },
  );
}

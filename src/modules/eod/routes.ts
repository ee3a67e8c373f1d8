import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json } from '../../api/schemas.js';

const Run = z
  .object({
    businessDate: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
    chunks: z.object({ total: z.number(), done: z.number() }),
    steps: z.array(z.object({ step: z.string(), ms: z.number(), rows: z.number() })),
  })
  .openapi('EodRun');

// The timetable of `daihou serve --eod-cron`, or null when this server closes no dates by itself.
const Schedule = z
  .object({
    cron: z.string().openapi({ example: '30 1 * * *' }),
    timeZone: z.string().openapi({ example: 'Asia/Shanghai' }),
    nextRunAt: z.string().nullable(),
    running: z.boolean(),
  })
  .openapi('EodSchedule');

export function registerEodRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/eod-runs',
      tags: ['close of business'],
      summary: '日终运行 Close-of-business runs, newest first, with step timings and row counts',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(366).default(31) }) },
      responses: { 200: json(z.object({ items: z.array(Run), schedule: Schedule.nullable() }), 'Runs, and the schedule of this server'), ...errorResponses },
    }),
    // Runs cover every branch at once and reveal no branch's data: an organisation-wide read.
    { kind: 'global', permission: 'org.manage' },
    async (c) => {
      const rows = await c
        .get('deps')
        .db.selectFrom('eod_run as r')
        .selectAll('r')
        .select((eb) => [
          eb.selectFrom('eod_chunk as k').whereRef('k.business_date', '=', 'r.business_date').select(eb.fn.countAll<number>().as('n')).as('chunks_total'),
          eb.selectFrom('eod_chunk as k').whereRef('k.business_date', '=', 'r.business_date').where('k.done_at', 'is not', null).select(eb.fn.countAll<number>().as('n')).as('chunks_done'),
        ])
        .orderBy('r.business_date', 'desc')
        .limit(c.req.valid('query').limit)
        .execute();
      return c.json(
        { schedule: c.get('deps').eodSchedule?.status() ?? null, items: rows.map((r) => ({ businessDate: r.business_date, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error, chunks: { total: Number(r.chunks_total ?? 0), done: Number(r.chunks_done ?? 0) }, steps: r.steps as Array<{ step: string; ms: number; rows: number }> })) },
        200,
      );
    },
  );
}

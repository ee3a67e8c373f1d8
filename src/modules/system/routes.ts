import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json } from '../../api/schemas.js';
import { migrationStatus } from '../../db/migrate.js';
import { currentBusinessDate } from './business-date.js';

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.object({ ok: z.boolean(), latencyMs: z.number(), pendingMigrations: z.number().int().nullable() }),
  })
  .openapi('Health');

export function registerSystemRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/health', tags: ['system'], summary: '健康检查 Liveness and database check', responses: { 200: json(Health, 'Healthy'), 503: json(Health, 'Database unreachable') } }),
    { kind: 'public', why: 'load balancers and operators probe it without credentials; it reveals no data' },
    async (c) => {
      const { db } = c.get('deps');
      const started = performance.now();
      try {
        await sql`SELECT 1`.execute(db);
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        const pending = (await migrationStatus(db)).filter((s) => s.state !== 'applied').length;
        return c.json({ status: pending === 0 ? ('ok' as const) : ('degraded' as const), database: { ok: true, latencyMs, pendingMigrations: pending } }, 200);
      } catch {
        const latencyMs = Math.round((performance.now() - started) * 10) / 10;
        return c.json({ status: 'degraded' as const, database: { ok: false, latencyMs, pendingMigrations: null } }, 503);
      }
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/business-date',
      tags: ['system'],
      summary: '营业日 The current business date',
      responses: { 200: json(z.object({ businessDate: z.string().openapi({ example: '2026-11-22' }) }), 'The business date'), ...errorResponses },
    }),
    { kind: 'global', permission: null },
    async (c) => c.json({ businessDate: await currentBusinessDate(c.get('deps').db) }, 200),
  );
}

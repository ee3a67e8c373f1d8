import { createRoute, z } from '@hono/zod-openapi';
import { expect, it } from 'vitest';
import { MODULES } from '../src/api/app.js';
import type { Api } from '../src/api/context.js';
import { addRoute } from '../src/api/routes-registry.js';
import { fixtures } from './access-fixtures.js';
import { checkAccess } from './support/access-check.js';
import { describeEachDatabase } from './support/databases.js';
import { buildWorld } from './support/world.js';

describeEachDatabase('every route denies the wrong role and the wrong branch', (ctx) => {
  it('holds for every registered route', async () => {
    const w = await buildWorld(ctx.database);
    expect(await checkAccess(w, w.app, fixtures)).toEqual([]);
    // about 130 routes, each probed as several users: the time grows with the API, not per check
  }, 600_000);

  it('catches a route that skips the scope check, one mounted around addRoute, and one with no fixture (a test of the test)', async () => {
    const leaky = (app: Api) => {
      // Declares entity scope but resolves the branch from the caller instead of from the data.
      addRoute(
        app,
        createRoute({ method: 'get', path: '/api/v1/leaky/{id}', request: { params: z.object({ id: z.string() }) }, responses: { 200: { description: 'x' } } }),
        { kind: 'entity', permission: 'org.read', branchOf: async (c) => c.get('actor').branchPath },
        async (c) => c.json({ ok: true }, 200),
      );
      // A list that forgets to filter by scope.
      addRoute(
        app,
        createRoute({ method: 'get', path: '/api/v1/leaky-list', responses: { 200: { description: 'x' } } }),
        { kind: 'list', permission: 'org.read' },
        async (c) => c.json({ items: await c.get('deps').db.selectFrom('branch').select('code').execute() }, 200),
      );
      app.get('/api/v1/raw', (c) => c.json({ secret: true }));
      addRoute(
        app,
        createRoute({ method: 'get', path: '/api/v1/unfixtured', responses: { 200: { description: 'x' } } }),
        { kind: 'global', permission: null },
        async (c) => c.json({}, 200),
      );
    };
    const w = await buildWorld(ctx.database, [...MODULES, leaky]);
    const failures = await checkAccess(w, w.app, {
      ...fixtures,
      'GET /api/v1/leaky/{id}': async (world) => ({ path: `/api/v1/leaky/${world.branches.SH.id}` }),
      'GET /api/v1/leaky-list': async () => ({ path: '/api/v1/leaky-list', leaks: (b) => b.items.some((x: { code: string }) => x.code === 'SH') }),
    });
    expect(failures).toEqual([
      'GET /api/v1/raw: mounted without a declared access (use addRoute)',
      'GET /api/v1/leaky/{id}: a BJ user with every role reached SH data: 200, expected 403 out-of-scope',
      "GET /api/v1/leaky-list: a BJ user's list shows SH data",
      'GET /api/v1/unfixtured: no access fixture; add one to test/access-fixtures.ts',
    ]);
    // probes every real route too, like the test above
  }, 600_000);
});

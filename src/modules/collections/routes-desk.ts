import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json } from '../../api/schemas.js';
import { caseAccessPath, loanAccessPath } from './case-lookup.js';
import { caseParties, collectorsInScope, collectorTasks, loanCases } from './desk.js';
import { idParam, Task } from './schemas.js';

const tags = ['collections'];
const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

const LoanCase = z
  .object({
    id: z.number().int(),
    openedOn: z.string(),
    reason: z.string(),
    closedOn: z.string().nullable(),
    closeReason: z.string().nullable(),
    owner: z.object({ kind: z.string(), id: z.number().int(), since: z.string().nullable(), name: Localized.nullable() }).nullable(),
    segment: z.string().nullable(),
    strategy: z.string().nullable().openapi({ description: 'code@version' }),
  })
  .openapi('LoanCollectionCase');

const Parties = z
  .object({
    borrower: z.object({ name: z.string(), mobile: z.string().nullable() }),
    contacts: z.array(z.object({ id: z.number().int(), role: z.enum(['guarantor', 'emergency_contact']), name: z.string(), relation: z.string().nullable(), mobile: z.string().nullable() })),
  })
  .openapi('CaseParties');

const Collector = z.object({ id: z.number().int(), name: z.string(), branchCode: z.string() }).openapi('CollectorName');

/** The collector's desk: their tasks, a loan's cases, a case's parties, colleagues for a field visit. */
export function registerDeskRoutes(app: Api): void {
  const Id = z.object({ id: idParam('id') });

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/tasks',
      tags,
      summary: '我的任务 A collector\'s tasks (default: yours): those held now, then the open ones of cases they own, most urgent first',
      request: { query: z.object({ collectorId: z.coerce.number().int().positive().optional().openapi({ description: 'a collector in your scope (default: you)' }) }) },
      responses: { 200: json(z.object({ items: z.array(Task) }), 'The tasks'), ...errorResponses },
    }),
    { kind: 'list', permission: 'collection.work' },
    async (c) => {
      const actor = c.get('actor');
      return c.json({ items: await collectorTasks(c.get('deps').db, actor, c.req.valid('query').collectorId ?? actor.userId, c.get('deps').clock.now()) }, 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/collection-cases',
      tags,
      summary: '贷款的催收案件 Every collection case of a loan, newest first, with its owner',
      request: { params: Id },
      responses: { 200: json(z.object({ items: z.array(LoanCase) }), 'The cases'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.read', branchOf: (c) => loanAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => c.json({ items: await loanCases(c.get('deps').db, c.req.valid('param').id) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}/parties',
      tags,
      summary: '可联系对象 Who may be contacted on a case: the borrower, guarantors and emergency contacts (masked)',
      request: { params: Id },
      responses: { 200: json(Parties, 'The parties'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.work', branchOf: (c) => caseAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => c.json(await caseParties(c.get('deps').db, c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/collectors',
      tags,
      summary: '催收人员 Active users in your scope who may work cases (for naming the second collector of a field visit)',
      responses: { 200: json(z.object({ items: z.array(Collector) }), 'The collectors'), ...errorResponses },
    }),
    { kind: 'list', permission: 'collection.work' },
    async (c) => c.json({ items: await collectorsInScope(c.get('deps').db, c.get('actor')) }, 200),
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import { pathInScope } from '../../api/access.js';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { CursorQuery, errorResponses, json, page } from '../../api/schemas.js';
import { branchDepth } from '../../domain/access.js';

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorUserId: z.number().int().nullable(),
    actorName: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    branchPath: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .openapi('AuditEntry');

export function registerAuditRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/audit',
      tags: ['audit'],
      summary: '审计日志 The audit trail of my scope, newest first',
      request: {
        query: CursorQuery.extend({
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(50).optional(),
          action: z.string().max(80).optional(),
          actorUserId: z.coerce.number().int().positive().optional(),
          actorName: z.string().trim().min(1).max(100).optional().openapi({ description: 'the username (or CLI operator name) that acted' }),
          // Instants, not business dates: the log records when a person acted; the web app sends
          // the bounds of the days the user picked in their own time zone.
          from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'entries at or after this instant' }),
          before: z.iso.datetime({ offset: true }).optional().openapi({ description: 'entries before this instant' }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }), 'A page of entries'), ...errorResponses },
    }),
    { kind: 'list', permission: 'audit.read' },
    async (c) => {
      const actor = c.get('actor');
      const q = c.req.valid('query');
      let query = c
        .get('deps')
        .db.selectFrom('audit_log')
        .selectAll()
        // Entries that belong to no branch (e.g. a sign-in attempt for an unknown username) are head office's.
        .where((eb) => (branchDepth(actor.branchPath) === 0 ? eb.or([eb('branch_path', ...pathInScope(actor)), eb('branch_path', 'is', null)]) : eb('branch_path', ...pathInScope(actor))));
      if (q.entityType) query = query.where('entity_type', '=', q.entityType);
      if (q.entityId) query = query.where('entity_id', '=', q.entityId);
      if (q.action) query = query.where('action', '=', q.action);
      if (q.actorUserId) query = query.where('actor_user_id', '=', q.actorUserId);
      if (q.actorName) query = query.where('actor_name', '=', q.actorName);
      if (q.from) query = query.where('at', '>=', q.from);
      if (q.before) query = query.where('at', '<', q.before);
      if (q.cursor) query = query.where('id', '<', Number(q.cursor));
      const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
      const { items, nextCursor } = page(rows, q.limit);
      return c.json(
        {
          items: items.map((r) => ({
            id: r.id,
            at: r.at,
            actorUserId: r.actor_user_id,
            actorName: r.actor_name,
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            branchPath: r.branch_path,
            before: r.before,
            after: r.after,
            reason: r.reason,
            requestId: r.request_id,
          })),
          nextCursor,
        },
        200,
      );
    },
  );
}

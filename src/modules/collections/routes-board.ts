import { createRoute } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json } from '../../api/schemas.js';
import { addDays, type BusinessDate } from '../../domain/business-date.js';
import { requireBranchInScope } from '../org/branches.js';
import { currentBusinessDate } from '../system/business-date.js';
import { caseWorkloads, listCases } from './board.js';
import { championReport } from './champion-report.js';
import { CaseList, CaseListQuery, Comparison, ComparisonQuery, WorkloadQuery, Workloads } from './schemas-board.js';

const tags = ['collections'];

/** The managers' views: the team board (cases with owners, workloads) and the champion/challenger report. */
export function registerBoardRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/cases',
      tags,
      summary: '案件列表 The cases of a branch subtree (booked there or owned there), newest first, with owner, bucket and open tasks',
      request: { query: CaseListQuery },
      responses: { 200: json(CaseList, 'A page of cases'), ...errorResponses },
    }),
    { kind: 'list', permission: 'collection.read' },
    async (c) => {
      const { db } = c.get('deps');
      const q = c.req.valid('query');
      const actor = c.get('actor');
      const path = q.branchId === undefined ? actor.branchPath : await requireBranchInScope(db, actor, q.branchId, 'branchId');
      return c.json(
        await listCases(db, path, { ownerKind: q.ownerKind, ownerId: q.ownerId, bucket: q.bucket, open: q.open === 'true', limit: q.limit, cursor: q.cursor === undefined ? undefined : Number(q.cursor) }),
        200,
      );
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/case-workloads',
      tags,
      summary: '工作量 Every collector, team queue and agency of a branch subtree with its open cases, overdue amount and open (and late) tasks; and the unowned cases',
      request: { query: WorkloadQuery },
      responses: { 200: json(Workloads, 'Workloads'), ...errorResponses },
    }),
    { kind: 'list', permission: 'collection.read' },
    async (c) => {
      const { db, clock } = c.get('deps');
      const q = c.req.valid('query');
      const actor = c.get('actor');
      const path = q.branchId === undefined ? actor.branchPath : await requireBranchInScope(db, actor, q.branchId, 'branchId');
      return c.json(await caseWorkloads(db, path, clock.now()), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/champion-challenger',
      tags,
      summary: '冠军/挑战者对比 Champion and challenger groups compared over a window: roll-forward and cure rates with their counts, amount collected, contacts per cure, and the difference with its z and interval',
      request: { query: ComparisonQuery },
      responses: { 200: json(Comparison, 'The comparison'), ...errorResponses },
    }),
    { kind: 'list', permission: 'collection.read' },
    async (c) => {
      const { db } = c.get('deps');
      const q = c.req.valid('query');
      const actor = c.get('actor');
      const path = q.branchId === undefined ? actor.branchPath : await requireBranchInScope(db, actor, q.branchId, 'branchId');
      const to = (q.to ?? addDays(await currentBusinessDate(db), -1)) as BusinessDate;
      const from = (q.from ?? addDays(to, -30)) as BusinessDate;
      return c.json(await championReport(db, path, from, to), 200);
    },
  );
}

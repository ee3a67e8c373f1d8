import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../api/access.js';
import type { Api } from '../../api/context.js';
import { AppError } from '../../api/problem.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody } from '../../api/schemas.js';
import { auditWhoOf } from '../audit/record.js';
import { decideAmendment, fileAmendment } from './amendments.js';
import { amendmentBranchPath, followUpBranchPath, taskBranchPath } from './context.js';
import { completeFollowUp, followUpForm } from './forms.js';
import { followUpHistory } from './history.js';
import { AmendmentBody, AmendmentView, CompleteBody, CompletedView, DecisionBody, DecisionView, FormView, HistoryView, RejectBody, RevealQuery, TaskView } from './schemas.js';
import { myOpenTasks } from './tasks.js';

const tags = ['followups'];
const conflict = { description: 'Already done, decided or superseded', content: errorResponses[400].content };

export function registerFollowUpWorkRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/followups/mine',
      tags,
      summary: '我的回访 The signed-in agent\'s open follow-up tasks, soonest deadline first',
      responses: { 200: json(z.object({ items: z.array(TaskView) }), 'Open tasks'), ...errorResponses },
    }),
    // the caller's own assignments; the query also keeps to the caller's branch scope
    { kind: 'global', permission: 'followup.work' },
    async (c) => c.json({ items: await myOpenTasks(c.get('deps').db, c.get('actor')) }, 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/followups/{id}/form',
      tags,
      summary: '回访表单 The checklist of the task\'s channel with the file\'s current value beside each item (masked unless reveal=true, which is audited)',
      request: { params: IdParam, query: RevealQuery },
      responses: { 200: json(FormView, 'The form'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.work', branchOf: (c) => taskBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const reveal = c.req.valid('query').reveal === 'true';
      if (reveal) requirePermission(c.get('actor'), 'pii.reveal');
      return c.json(await followUpForm(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, reveal), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/followups/{id}/complete',
      tags,
      summary: '完成回访 Record the answers (checked item by item), store the follow-up for good, and apply what it derives: facts, flags, tasks, confirmations',
      request: { params: IdParam, body: jsonBody(CompleteBody) },
      responses: { 201: json(CompletedView, 'Completed'), 409: conflict, ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.work', branchOf: (c) => taskBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const done = await completeFollowUp(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.get('lang'), c.req.valid('param').id, c.req.valid('json'));
      return c.json(done, 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/followups/{id}/history',
      tags,
      summary: '回访版本 Every version of a follow-up: the original and each amendment with who, when and why, and what each changed',
      request: { params: IdParam, query: RevealQuery },
      responses: { 200: json(HistoryView, 'The history'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.read', branchOf: (c) => followUpBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const reveal = c.req.valid('query').reveal === 'true';
      if (reveal) requirePermission(c.get('actor'), 'pii.reveal');
      return c.json(await followUpHistory(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, reveal), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/followups/{id}/amendments',
      tags,
      summary: '回访更正 File a correction of a completed follow-up (changes and a reason); one that changes anything derived waits for a supervisor',
      request: { params: IdParam, body: jsonBody(AmendmentBody) },
      responses: { 201: json(AmendmentView, 'Filed (status applied or pending)'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'followup.correct', branchOf: (c) => followUpBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const actor = c.get('actor');
      // an agent files as an agent, QA as QA; anyone who may correct files a borrower's complaint
      if (body.source === 'qa') requirePermission(actor, 'followup.qa');
      if (body.source === 'agent' && !actor.permissions.has('followup.work')) {
        throw new AppError('forbidden', { 'zh-CN': '只有回访专员可按“专员”来源提交更正', 'en-US': 'only a follow-up agent files an amendment as source agent' });
      }
      const filed = await fileAmendment(c.get('deps').db, auditWhoOf(actor, c.get('requestId')), c.get('lang'), c.req.valid('param').id, body);
      return c.json(filed, 201);
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    addRoute(
      app,
      createRoute({
        method: 'post',
        path: `/api/v1/amendments/{id}/${decision}`,
        tags,
        summary:
          decision === 'approve'
            ? '批准更正 Approve a pending amendment (not one you filed): everything derived from the old answers is recomputed from the corrected ones'
            : '驳回更正 Reject a pending amendment (not one you filed), with a reason',
        request: { params: IdParam, body: jsonBody(decision === 'approve' ? DecisionBody : RejectBody) },
        responses: { 200: json(DecisionView, 'Decided'), 409: conflict, ...errorResponses },
      }),
      { kind: 'entity', permission: 'followup.approve', branchOf: (c) => amendmentBranchPath(c.get('deps').db, c.req.valid('param').id) },
      async (c) => {
        const body = c.req.valid('json') as { reason?: string };
        const decided = await decideAmendment(c.get('deps').db, c.get('actor'), auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, decision, body.reason);
        return c.json(decided, 200);
      },
    );
  }
}

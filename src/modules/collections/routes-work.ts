import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, json, jsonBody } from '../../api/schemas.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { caseAccessPath, loanAccessPath, taskAccessPath } from './case-lookup.js';
import { correctContact, logContact, nextContact } from './contacts.js';
import { placeHold, releaseHold } from './holds.js';
import { recordPromise } from './promises.js';
import { claimNext, completeTask, releaseTask } from './queue.js';
import { refusalResponse } from './refusal.js';
import { CompleteBody, Contact, ContactBody, ContactRefused, Hold, HoldBody, idParam, NextContact, NextContactQuery, PromiseBody, PromiseRecorded, QueueNext, Task } from './schemas.js';

const tags = ['collections'];
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ContactRefused } } });

/** The collector's day: the queue, tasks, the contact log with its compliance guard, promises, holds. */
export function registerWorkRoutes(app: Api): void {
  const Id = z.object({ id: idParam('id') });

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/queue/next',
      tags,
      summary: '领取下一任务 Your most urgent task that may be worked now, held for you for 15 minutes (the same one until you complete or release it)',
      responses: { 200: json(QueueNext, 'The task, or null when there is none'), ...errorResponses },
    }),
    { kind: 'list', permission: 'collection.work' },
    async (c) => c.json(await claimNext(c.get('deps').db, c.get('actor'), c.get('deps').clock.now()), 200),
  );

  addRoute(
    app,
    createRoute({ method: 'post', path: '/api/v1/tasks/{id}/release', tags, summary: '放回队列 Give a held task back to the queue', request: { params: Id }, responses: { 200: json(Task, 'Released'), 409: errorResponses[400], ...errorResponses } }),
    { kind: 'entity', permission: 'collection.work', branchOf: (c) => taskAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => c.json(await releaseTask(c.get('deps').db, c.get('actor'), c.req.valid('param').id), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/tasks/{id}/complete',
      tags,
      summary: '完成任务 Complete a task you hold (a manager may complete any)',
      request: { params: Id, body: jsonBody(CompleteBody) },
      responses: { 200: json(Task, 'Done'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.work', branchOf: (c) => taskAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => {
      const actor = c.get('actor');
      return c.json(await completeTask(c.get('deps').db, actor, auditWhoOf(actor, c.get('requestId')), c.req.valid('param').id, c.req.valid('json').note, c.get('deps').clock.now()), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/contacts',
      tags,
      summary: '登记联络 Log a contact attempt or conversation; the compliance guard judges it first, and a refusal is logged and answered 409 (allowed later: nextAllowedAt) or 422 (not by waiting)',
      request: { params: Id, body: jsonBody(ContactBody) },
      responses: { 201: json(Contact, 'Logged'), 409: problem('Refused by a compliance rule; allowed from nextAllowedAt'), 422: problem('Refused by a compliance rule that waiting does not lift'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.work', branchOf: (c) => caseAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => {
      const { db, clock } = c.get('deps');
      const actor = c.get('actor');
      const who = { ...auditWhoOf(actor, c.get('requestId')), userId: actor.userId };
      const body = c.req.valid('json');
      const caseId = c.req.valid('param').id;
      if (body.correctsId !== undefined) return c.json(await correctContact(db, who, caseId, { correctsId: body.correctsId, outcome: body.outcome, notes: body.notes, recordingRef: body.recordingRef }), 201);
      const logged = await logContact(db, who, caseId, body, clock.now());
      if (logged.refused) return refusalResponse(c, logged) as never;
      return c.json(logged.contact, 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}/next-contact',
      tags,
      summary: '下次可联系时间 When you may next contact this party by this channel, and which rules say not before',
      request: { params: Id, query: NextContactQuery },
      responses: { 200: json(NextContact, 'The next allowed contact'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.work', branchOf: (c) => caseAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => c.json(await nextContact(c.get('deps').db, c.get('actor').userId, c.req.valid('param').id, c.req.valid('query'), c.get('deps').clock.now()), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/promises',
      tags,
      summary: '承诺还款 Record a promise to pay made today: one amount and date, or instalments; checked at each close of business',
      request: { params: Id, body: jsonBody(PromiseBody) },
      responses: { 201: json(PromiseRecorded, 'Recorded'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.work', branchOf: (c) => caseAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const instalments = (body.instalments ?? [{ dueDate: body.dueDate!, amountFen: body.amountFen! }]).map((x) => ({ dueDate: x.dueDate as BusinessDate, amountFen: x.amountFen }));
      return c.json(await recordPromise(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { instalments, contactId: body.contactId }), 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/holds',
      tags,
      summary: '停催 Place a hold (dispute, complaint, deceased, legal, hardship review) with a reason and an expiry: no contact while it lasts',
      request: { params: Id, body: jsonBody(HoldBody) },
      responses: { 201: json(Hold, 'Placed'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.work', branchOf: (c) => loanAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => c.json(await placeHold(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json'), c.get('deps').clock.now()), 201),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/holds/{holdId}/release',
      tags,
      summary: '解除停催 Release a hold before its expiry (reason required)',
      request: { params: z.object({ id: idParam('id'), holdId: idParam('holdId') }), body: jsonBody(z.object({ reason: z.string().trim().min(2).max(500) }).strict()) },
      responses: { 200: json(Hold, 'Released'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'collection.manage', branchOf: (c) => loanAccessPath(c.get('deps').db, c.get('actor'), c.req.valid('param').id) },
    async (c) => {
      const { id, holdId } = c.req.valid('param');
      return c.json(await releaseHold(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), id, holdId, c.req.valid('json').reason, c.get('deps').clock.now()), 200);
    },
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { errorResponses, IdParam, json, jsonBody, Reason } from '../../api/schemas.js';
import type { BusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { classStanding } from './class-standing.js';
import { listClassOverrides, overrideClass, withdrawClassOverride } from './classification.js';
import { postRepayment, reverseRepayment } from './repayments.js';
import { registerLoanReadRoutes } from './routes-read.js';
import { DateString, PostedPayment } from './schemas.js';
import { loanBranchPath, repaymentBranchPath } from './view.js';

const tags = ['loans'];

const PaymentBody = z
  .object({
    externalId: z.string().trim().min(1).max(100).openapi({ description: 'Idempotency key: the same key posts once' }),
    valueDate: DateString,
    amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    channel: z.enum(['bank_transfer', 'direct_debit', 'counter', 'online', 'collection']),
    overpayment: z
      .enum(['credit', 'shorten-term', 'lower-installment'])
      .default('credit')
      .openapi({ description: 'Money beyond what is due: held as credit (default), or prepaid on principal with a new schedule that is shorter or has a lower installment' }),
  })
  .strict()
  .openapi('PaymentPost');

const OverrideParams = IdParam.extend({
  overrideId: z.coerce.number().int().positive().openapi({ param: { name: 'overrideId', in: 'path' }, example: 3 }),
});

const ClassOverrideRow = z
  .object({
    id: z.number().int(),
    riskClass: z.string(),
    reason: z.string(),
    role: z.string(),
    setByUserId: z.number().int().nullable(),
    setBy: z.string().nullable(),
    setOn: z.string(),
    effectiveFrom: z.string(),
    createdAt: z.string(),
    status: z.enum(['active', 'withdrawn']),
    withdrawal: z
      .object({ withdrawnOn: z.string(), reason: z.string().nullable(), role: z.string().nullable(), byUserId: z.number().int().nullable(), by: z.string().nullable(), at: z.string().nullable() })
      .nullable(),
  })
  .openapi('ClassOverrideRow');

const RiskClassName = z.enum(['normal', 'special_mention', 'substandard', 'doubtful', 'loss']);

const ClassStanding = z
  .object({
    asOf: z.string().openapi({ description: 'the last close of business' }),
    dpd: z.number().int(),
    riskClass: RiskClassName.openapi({ description: 'the class of that close' }),
    dpdFloor: RiskClassName,
    flagFloors: z.array(z.object({ flag: z.string(), floor: RiskClassName })),
    floor: RiskClassName.openapi({ description: 'the worst of the DPD floor and the active flags’ floors: a manual class better than this changes nothing' }),
    override: RiskClassName.nullable().openapi({ description: 'the worst manual class not withdrawn' }),
    expectedClass: RiskClassName.openapi({ description: 'what the next close gives unless the arrears change: the worst of floor, override and the current class' }),
  })
  .openapi('ClassStanding');

export function registerLoanRoutes(app: Api): void {
  registerLoanReadRoutes(app);

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/repayments',
      tags,
      summary: '入账 Post a repayment (idempotent by externalId); answers its allocation',
      request: { params: IdParam, body: jsonBody(PaymentBody) },
      responses: { 201: json(PostedPayment, 'Posted'), 200: json(PostedPayment, 'Already posted with this externalId'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'payment.post', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const result = await postRepayment(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, { ...body, valueDate: body.valueDate as BusinessDate });
      return c.json(result, result.duplicate ? 200 : 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/class-override',
      tags,
      summary: '人工分类 Set a worse 五级分类 by judgement (reason required); effective from the next close of business',
      request: { params: IdParam, body: jsonBody(z.object({ riskClass: z.enum(['special_mention', 'substandard', 'doubtful', 'loss']), reason: Reason }).strict().openapi('ClassOverride')) },
      responses: {
        201: json(z.object({ id: z.number().int(), loanId: z.number().int(), riskClass: z.string(), role: z.string(), effectiveFrom: z.string(), standing: ClassStanding.nullable() }), 'Recorded, with where the class now stands (null before the first close)'),
        ...errorResponses,
      },
    }),
    { kind: 'entity', permission: 'loan.classify', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const { db } = c.get('deps');
      const set = await overrideClass(db, c.get('actor'), auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, body.riskClass, body.reason);
      return c.json({ ...set, standing: await classStanding(db, set.loanId) }, 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/class-overrides',
      tags,
      summary: '人工分类记录 Manual 五级分类 of a loan, newest first: who set each and why, and its withdrawal',
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(ClassOverrideRow), standing: ClassStanding.nullable() }), 'The overrides, and where the class stands (null before the first close)'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const { db } = c.get('deps');
      const id = c.req.valid('param').id;
      return c.json({ items: await listClassOverrides(db, id), standing: await classStanding(db, id) }, 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/class-overrides/{overrideId}/withdraw',
      tags,
      summary: '撤销人工分类 Withdraw a manual 五级分类 (reason required); it stops applying from the next close of business, and the class then follows the upgrade rule',
      request: { params: OverrideParams, body: jsonBody(z.object({ reason: Reason }).strict().openapi('ClassOverrideWithdrawal')) },
      responses: {
        201: json(
          z.object({ id: z.number().int(), loanId: z.number().int(), riskClass: z.string(), withdrawnOn: z.string(), withdrawnRole: z.string(), withdrawnAt: z.string(), effectiveUntil: z.string().openapi({ description: 'the first business date it no longer applies to' }) }),
          'Withdrawn',
        ),
        409: errorResponses[400],
        ...errorResponses,
      },
    }),
    { kind: 'entity', permission: 'loan.classify', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const { id, overrideId } = c.req.valid('param');
      return c.json(await withdrawClassOverride(c.get('deps').db, c.get('actor'), auditWhoOf(c.get('actor'), c.get('requestId')), id, overrideId, c.req.valid('json').reason), 201);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/repayments/{id}/reverse',
      tags,
      summary: '冲正 Reverse a repayment (reason required); the loan is replayed without it',
      request: { params: IdParam, body: jsonBody(z.object({ reason: Reason }).strict()) },
      responses: { 201: json(z.object({ reversalId: z.number().int(), loanId: z.number().int(), creditFen: z.number().int() }), 'Reversed'), 409: errorResponses[400], ...errorResponses },
    }),
    { kind: 'entity', permission: 'payment.reverse', branchOf: (c) => repaymentBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await reverseRepayment(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json').reason), 201),
  );
}

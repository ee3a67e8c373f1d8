import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../api/access.js';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { CursorQuery, errorResponses, IdParam, json, jsonBody, page, Reason } from '../../api/schemas.js';
import { type BusinessDate, isBusinessDate } from '../../domain/business-date.js';
import { auditWhoOf } from '../audit/record.js';
import { currentBusinessDate } from '../system/business-date.js';
import { listClassOverrides, overrideClass, withdrawClassOverride } from './classification.js';
import { postRepayment, reverseRepayment } from './repayments.js';
import { listLoans, loan360, loanBranchPath, quotePayoff, repaymentBranchPath } from './view.js';

const tags = ['loans'];
const DateString = z.string().refine(isBusinessDate, { message: 'must be a calendar date YYYY-MM-DD' }).openapi({ example: '2026-11-22' });

const LoanRow = z
  .object({
    id: z.number().int(),
    externalId: z.string(),
    branchCode: z.string(),
    borrowerName: z.string().openapi({ description: 'masked' }),
    product: z.string(),
    principalFen: z.number().int(),
    outstandingPrincipalFen: z.number().int(),
    annualRate: z.string(),
    termMonths: z.number().int(),
    method: z.string(),
    disbursementDate: z.string(),
    status: z.string(),
    officerUserId: z.number().int().nullable(),
  })
  .openapi('LoanRow');

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

export function registerLoanRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans',
      tags,
      summary: '贷款列表 Loans in my scope',
      request: {
        query: CursorQuery.extend({
          branchId: z.coerce.number().int().positive().optional(),
          product: z.string().max(32).optional(),
          status: z.enum(['active', 'paid_off', 'written_off']).optional(),
          officerUserId: z.coerce.number().int().positive().optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(LoanRow), nextCursor: z.string().nullable() }), 'A page of loans'), ...errorResponses },
    }),
    { kind: 'list', permission: 'loan.read' },
    async (c) => {
      const q = c.req.valid('query');
      const { items, nextCursor } = page(await listLoans(c.get('deps').db, c.get('actor'), q), q.limit);
      return c.json({ items, nextCursor }, 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}',
      tags,
      summary: '贷款全景 Loan 360: schedule state, payments with allocations, borrower (masked), vehicle',
      request: { params: IdParam, query: z.object({ reveal: z.enum(['true', 'false']).default('false') }) },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The loan'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const reveal = c.req.valid('query').reveal === 'true';
      if (reveal) requirePermission(c.get('actor'), 'pii.reveal');
      const { db } = c.get('deps');
      return c.json(await loan360(db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, await currentBusinessDate(db), reveal), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/loans/{id}/payoff-quote',
      tags,
      summary: '提前结清试算 Payoff quote for a date (default: the business date)',
      request: { params: IdParam, query: z.object({ on: DateString.optional() }) },
      responses: {
        200: json(z.object({ on: z.string(), principalFen: z.number().int(), interestFen: z.number().int(), penaltyFen: z.number().int(), creditFen: z.number().int(), totalFen: z.number().int() }), 'The quote'),
        ...errorResponses,
      },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const { db } = c.get('deps');
      const on = (c.req.valid('query').on as BusinessDate | undefined) ?? (await currentBusinessDate(db));
      return c.json(await quotePayoff(db, c.req.valid('param').id, on), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/loans/{id}/repayments',
      tags,
      summary: '入账 Post a repayment (idempotent by externalId); answers its allocation',
      request: { params: IdParam, body: jsonBody(PaymentBody) },
      responses: { 201: json(z.record(z.string(), z.unknown()), 'Posted'), 200: json(z.record(z.string(), z.unknown()), 'Already posted with this externalId'), 409: errorResponses[400], ...errorResponses },
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
      responses: { 201: json(z.object({ id: z.number().int(), loanId: z.number().int(), riskClass: z.string(), role: z.string(), effectiveFrom: z.string() }), 'Recorded'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.classify', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await overrideClass(c.get('deps').db, c.get('actor'), auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, body.riskClass, body.reason), 201);
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
      responses: { 200: json(z.object({ items: z.array(ClassOverrideRow) }), 'The overrides'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'loan.read', branchOf: (c) => loanBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json({ items: await listClassOverrides(c.get('deps').db, c.req.valid('param').id) }, 200),
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

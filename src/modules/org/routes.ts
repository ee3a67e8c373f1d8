import { createRoute, z } from '@hono/zod-openapi';
import { requirePermission } from '../../api/access.js';
import type { Api } from '../../api/context.js';
import { addRoute } from '../../api/routes-registry.js';
import { CursorQuery, errorResponses, IdParam, json, jsonBody, page, Reason } from '../../api/schemas.js';
import { auditWhoOf } from '../audit/record.js';
import { issueApiToken, listApiTokens, revokeApiToken, tokenBranchPath } from '../auth/api-tokens.js';
import { branchPathById, branchView, createBranch, getBranch, listBranches, requireBranchInScope, updateBranch } from './branches.js';
import { ApiToken, Branch, BranchCreate, BranchUpdate, IssuedApiToken, PasswordReset, User, UserCreate, UserUpdate } from './schema.js';
import { createUser, listUsers, readUser, resetPassword, updateUser, userBranchPath, userView } from './users.js';

const tags = ['organisation'];

export function registerOrgRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/branches', tags, summary: '机构树 Branches in my scope', responses: { 200: json(z.object({ items: z.array(Branch) }), 'Branches, head office first'), ...errorResponses } }),
    { kind: 'list', permission: 'org.read' },
    async (c) => c.json({ items: (await listBranches(c.get('deps').db, c.get('actor'))).map(branchView) }, 200),
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/branches/{id}', tags, summary: '机构 One branch', request: { params: IdParam }, responses: { 200: json(Branch, 'The branch'), ...errorResponses } }),
    { kind: 'entity', permission: 'org.read', branchOf: (c) => branchPathById(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(branchView(await getBranch(c.get('deps').db, c.req.valid('param').id)), 200),
  );

  addRoute(
    app,
    createRoute({ method: 'post', path: '/api/v1/branches', tags, summary: '新建机构 Create a branch or team', request: { body: jsonBody(BranchCreate) }, responses: { 201: json(Branch, 'Created'), 409: errorResponses[400], ...errorResponses } }),
    { kind: 'entity', permission: 'org.manage', branchOf: (c) => branchPathById(c.get('deps').db, c.req.valid('json').parentId) },
    async (c) => {
      const row = await createBranch(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('json'));
      return c.json(branchView(row), 201);
    },
  );

  addRoute(
    app,
    createRoute({ method: 'patch', path: '/api/v1/branches/{id}', tags, summary: '修改机构 Rename a branch', request: { params: IdParam, body: jsonBody(BranchUpdate) }, responses: { 200: json(Branch, 'Updated'), ...errorResponses } }),
    { kind: 'entity', permission: 'org.manage', branchOf: (c) => branchPathById(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const row = await updateBranch(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json'));
      return c.json(branchView(row), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/users',
      tags,
      summary: '用户 Users in my scope',
      request: { query: CursorQuery.extend({ branchId: z.coerce.number().int().positive().optional() }) },
      responses: { 200: json(z.object({ items: z.array(User), nextCursor: z.string().nullable() }), 'A page of users'), ...errorResponses },
    }),
    { kind: 'list', permission: 'org.read' },
    async (c) => {
      const query = c.req.valid('query');
      const rows = await listUsers(c.get('deps').db, c.get('actor'), query);
      const { items, nextCursor } = page(rows, query.limit);
      return c.json({ items: items.map((u) => userView(u)), nextCursor }, 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/users/{id}',
      tags,
      summary: '用户 One user; reveal=true shows the phone unmasked (audited)',
      request: { params: IdParam, query: z.object({ reveal: z.enum(['true', 'false']).default('false') }) },
      responses: { 200: json(User, 'The user'), ...errorResponses },
    }),
    { kind: 'entity', permission: 'org.read', branchOf: (c) => userBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const reveal = c.req.valid('query').reveal === 'true';
      if (reveal) requirePermission(c.get('actor'), 'pii.reveal');
      const user = await readUser(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, reveal);
      return c.json(user, 200);
    },
  );

  addRoute(
    app,
    createRoute({ method: 'post', path: '/api/v1/users', tags, summary: '新建用户 Create a user', request: { body: jsonBody(UserCreate) }, responses: { 201: json(User, 'Created'), 409: errorResponses[400], ...errorResponses } }),
    { kind: 'entity', permission: 'org.manage', branchOf: (c) => branchPathById(c.get('deps').db, c.req.valid('json').branchId) },
    async (c) => c.json(await createUser(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('json')), 201),
  );

  addRoute(
    app,
    createRoute({ method: 'patch', path: '/api/v1/users/{id}', tags, summary: '修改用户 Change a user (roles, branch, active); reason required', request: { params: IdParam, body: jsonBody(UserUpdate) }, responses: { 200: json(User, 'Updated'), ...errorResponses } }),
    { kind: 'entity', permission: 'org.manage', branchOf: (c) => userBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      const { db } = c.get('deps');
      if (body.branchId !== undefined) await requireBranchInScope(db, c.get('actor'), body.branchId, 'branchId');
      return c.json(await updateUser(db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, body), 200);
    },
  );

  addRoute(
    app,
    createRoute({ method: 'post', path: '/api/v1/users/{id}/password', tags, summary: '重置密码 Reset a user’s password; ends their sessions', request: { params: IdParam, body: jsonBody(PasswordReset) }, responses: { 204: { description: 'Reset' }, ...errorResponses } }),
    { kind: 'entity', permission: 'org.manage', branchOf: (c) => userBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      const body = c.req.valid('json');
      await resetPassword(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, body.password, body.reason);
      return c.body(null, 204);
    },
  );

  addRoute(
    app,
    createRoute({ method: 'get', path: '/api/v1/users/{id}/tokens', tags, summary: 'API 令牌 A user’s integration tokens', request: { params: IdParam }, responses: { 200: json(z.object({ items: z.array(ApiToken) }), 'Tokens (never the secret)'), ...errorResponses } }),
    { kind: 'entity', permission: 'token.manage', branchOf: (c) => userBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json({ items: await listApiTokens(c.get('deps').db, c.req.valid('param').id) }, 200),
  );

  addRoute(
    app,
    createRoute({ method: 'post', path: '/api/v1/users/{id}/tokens', tags, summary: '签发令牌 Issue an API token acting as this user', request: { params: IdParam, body: jsonBody(z.object({ name: z.string().trim().min(1).max(100) }).strict()) }, responses: { 201: json(IssuedApiToken, 'Issued; the token is shown once'), ...errorResponses } }),
    { kind: 'entity', permission: 'token.manage', branchOf: (c) => userBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => c.json(await issueApiToken(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json').name), 201),
  );

  addRoute(
    app,
    createRoute({ method: 'post', path: '/api/v1/tokens/{id}/revoke', tags, summary: '吊销令牌 Revoke an API token', request: { params: IdParam, body: jsonBody(z.object({ reason: Reason }).strict()) }, responses: { 204: { description: 'Revoked' }, ...errorResponses } }),
    { kind: 'entity', permission: 'token.manage', branchOf: (c) => tokenBranchPath(c.get('deps').db, c.req.valid('param').id) },
    async (c) => {
      await revokeApiToken(c.get('deps').db, auditWhoOf(c.get('actor'), c.get('requestId')), c.req.valid('param').id, c.req.valid('json').reason);
      return c.body(null, 204);
    },
  );
}

import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Api } from '../../api/context.js';
import { errorResponses, json, jsonBody } from '../../api/schemas.js';
import { addRoute } from '../../api/routes-registry.js';
import { ROLES, PERMISSIONS } from '../../domain/access.js';
import { Password } from '../org/schema.js';
import { changeOwnPassword, login } from './login.js';
import { endSession, SESSION_COOKIE } from './sessions.js';
import { loadActor } from './actors.js';
import { AppError } from '../../api/problem.js';

const Me = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    branchId: z.number().int(),
    branchCode: z.string(),
    branchPath: z.string(),
    roles: z.array(z.enum(ROLES)),
    permissions: z.array(z.enum(PERMISSIONS)),
  })
  .openapi('Me');

const meOf = (a: { userId: number; username: string; displayName: string; branchId: number; branchCode: string; branchPath: string; roles: (typeof ROLES)[number][]; permissions: ReadonlySet<(typeof PERMISSIONS)[number]> }) => ({
  id: a.userId,
  username: a.username,
  displayName: a.displayName,
  branchId: a.branchId,
  branchCode: a.branchCode,
  branchPath: a.branchPath,
  roles: a.roles,
  permissions: [...a.permissions].sort(),
});

export function registerAuthRoutes(app: Api): void {
  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/auth/login',
      tags: ['auth'],
      summary: '登录 Sign in: sets an httpOnly session cookie',
      request: { body: jsonBody(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).openapi('Login')) },
      responses: { 200: json(Me, 'Signed in'), ...errorResponses },
    }),
    { kind: 'public', why: 'signing in is how a session starts' },
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const session = await login(deps, body.username, body.password, c.get('requestId'));
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.config.cookieSecure,
        path: '/',
        maxAge: deps.config.sessionIdleMinutes * 60,
      });
      const actor = await loadActor(deps.db, session.userId, 'session', '');
      if (!actor) throw new AppError('invalid-credentials');
      return c.json(meOf(actor), 200);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      tags: ['auth'],
      summary: '退出 Sign out: ends this session',
      responses: { 204: { description: 'Signed out' }, ...errorResponses },
    }),
    { kind: 'self' },
    async (c) => {
      const actor = c.get('actor');
      if (actor.via === 'session') await endSession(c.get('deps'), actor.credentialId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/api/v1/auth/me',
      tags: ['auth'],
      summary: '当前用户 The signed-in user, roles and permissions',
      responses: { 200: json(Me, 'The signed-in user'), ...errorResponses },
    }),
    { kind: 'self' },
    async (c) => c.json(meOf(c.get('actor')), 200),
  );

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/api/v1/auth/password',
      tags: ['auth'],
      summary: '修改密码 Change my password',
      request: { body: jsonBody(z.object({ currentPassword: z.string().min(1), newPassword: Password }).strict().openapi('PasswordChange')) },
      responses: { 204: { description: 'Changed' }, ...errorResponses },
    }),
    { kind: 'self' },
    async (c) => {
      const body = c.req.valid('json');
      await changeOwnPassword(c.get('deps'), c.get('actor').userId, body.currentPassword, body.newPassword, c.get('requestId'));
      return c.body(null, 204);
    },
  );
}

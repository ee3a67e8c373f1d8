import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { type Access, authenticate, requireInScope } from './access.js';
import type { Api, AppEnv } from './context.js';

export interface RegisteredRoute {
  method: string;
  /** OpenAPI form, `/api/v1/users/{id}` */
  path: string;
  access: Access<never>;
}

type HandlerContext<R extends RouteConfig> = Parameters<RouteHandler<R, AppEnv>>[0];

const registries = new WeakMap<Api, RegisteredRoute[]>();

export function registeredRoutes(app: Api): readonly RegisteredRoute[] {
  return registries.get(app) ?? [];
}

/**
 * The only way a route is mounted under /api/v1: with its access declared. Authentication and the
 * permission check run before validation; the branch-scope check of an `entity` route runs after
 * it (it may need the validated body or params) and before the handler.
 */
export function addRoute<R extends RouteConfig>(
  app: Api,
  route: R,
  access: Access<HandlerContext<R>>,
  handler: RouteHandler<R, AppEnv>,
): void {
  const list = registries.get(app) ?? [];
  registries.set(app, list);
  list.push({ method: route.method.toUpperCase(), path: route.path, access: access as Access<never> });
  const scoped = (async (c: HandlerContext<R>, next: never) => {
    if (access.kind === 'entity') requireInScope(c.get('actor'), await access.branchOf(c));
    return (handler as (c: HandlerContext<R>, next: never) => unknown)(c, next);
  }) as unknown as RouteHandler<R, AppEnv>;
  const existing = route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  const security = access.kind === 'public' ? [] : [{ session: [] }, { token: [] }];
  app.openapi({ ...route, security, middleware: [authenticate(access as Access<never>), ...existing] }, scoped as never);
}

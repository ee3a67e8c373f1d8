import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { registerAuditRoutes } from '../modules/audit/routes.js';
import { registerAuthRoutes } from '../modules/auth/routes.js';
import { registerBorrowerRoutes } from '../modules/borrowers/routes.js';
import { registerCollateralRoutes } from '../modules/collateral/routes.js';
import { registerCollectionRoutes } from '../modules/collections/routes.js';
import { registerDashboardRoutes } from '../modules/dashboard/routes.js';
import { registerEodRoutes } from '../modules/eod/routes.js';
import { registerFollowUpRoutes } from '../modules/followups/routes.js';
import { registerLoanRoutes } from '../modules/loans/routes.js';
import { registerOrgRoutes } from '../modules/org/routes.js';
import { registerRestructuringRoutes } from '../modules/restructuring/routes.js';
import { registerSystemRoutes } from '../modules/system/routes.js';
import { registerTelematicsRoutes } from '../modules/telematics/routes.js';
import { registerWarningRoutes } from '../modules/warnings/routes.js';
import { registerScoreModelRoutes } from '../modules/scorecard/routes.js';
import type { Api, AppEnv, Deps } from './context.js';
import { mountDocs } from './docs.js';
import { classifyError } from './errors.js';
import { negotiateLang } from './i18n.js';
import { AppError, toProblem } from './problem.js';
import { DEFAULT_WEB_DIST, mountWebApp } from './static.js';
import { fieldErrors } from './validation.js';

/** Every module's routes, in one list: a new module adds its line here. */
export const MODULES: ReadonlyArray<(app: Api) => void> = [registerSystemRoutes, registerAuthRoutes, registerOrgRoutes, registerAuditRoutes, registerLoanRoutes, registerBorrowerRoutes, registerEodRoutes, registerDashboardRoutes, registerFollowUpRoutes, registerCollectionRoutes, registerCollateralRoutes, registerRestructuringRoutes, registerTelematicsRoutes, registerWarningRoutes, registerScoreModelRoutes];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  const body = toProblem(error, c.get('lang') ?? 'zh-CN', c.get('requestId'));
  return c.body(JSON.stringify(body), error.status as 400, { 'content-type': 'application/problem+json; charset=utf-8' });
}

export interface AppOptions {
  /** The built web app served at `/` (default `web/dist` of this checkout). */
  webDist?: string;
}

export function createApp(deps: Deps, modules: ReadonlyArray<(app: Api) => void> = MODULES, options: AppOptions = {}): Api {
  const app: Api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const prefix = result.target === 'json' ? '' : `${result.target}.`;
        throw new AppError('validation', undefined, fieldErrors(result.error.issues, c.get('lang'), prefix));
      }
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    c.set('lang', negotiateLang(c.req.query('lang'), c.req.header('accept-language')));
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const actor = c.get('actor') as AppEnv['Variables']['actor'] | undefined;
    deps.log.info(
      { requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), user: actor?.username },
      'request',
    );
  });
  app.use('/api/*', bodyLimit({ maxSize: 5 * 1024 * 1024, onError: () => { throw new AppError('payload-too-large'); } }));

  for (const register of modules) register(app);
  mountDocs(app);
  mountWebApp(app, options.webDist ?? DEFAULT_WEB_DIST);

  app.notFound((c) => problemResponse(c, new AppError('route-not-found', `${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    const known = classifyError(error);
    if (known) return problemResponse(c, known);
    deps.log.error({ err: error, requestId: c.get('requestId'), method: c.req.method, path: c.req.path }, 'unhandled error');
    return problemResponse(c, new AppError('internal'));
  });
  return app;
}

import type { Api } from '../../src/api/context.js';
import { registeredRoutes } from '../../src/api/routes-registry.js';
import { ROLES, rolesGranting } from '../../src/domain/access.js';
import { call, type World } from './world.js';

/** A request that touches data of branch SH (the "other" branch) through one route. */
export interface Probe {
  path: string;
  body?: unknown;
  /** For list routes: does this response show anything of SH? */
  leaks?: (body: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any -- arbitrary JSON
}

export type Fixtures = Record<string, (w: World) => Promise<Probe>>;

const honoPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1');

/**
 * Enumerates every route the app serves and tries each one as the wrong caller: anonymous, a role
 * that lacks the permission (at head office, so only the role is wrong), and a user of branch BJ
 * holding every role (so only the branch is wrong) against data of branch SH. Returns what failed;
 * an empty list means every route denied every wrong caller.
 */
export async function checkAccess(w: World, app: Api, fixtures: Fixtures): Promise<string[]> {
  const failures: string[] = [];
  const registered = registeredRoutes(app);
  const keys = new Set(registered.map((r) => `${r.method} ${honoPath(r.path)}`));
  for (const route of app.routes) {
    if (route.method === 'ALL' || !route.path.startsWith('/api/v1')) continue;
    if (!keys.has(`${route.method} ${route.path}`)) failures.push(`${route.method} ${route.path}: mounted without a declared access (use addRoute)`);
  }

  const wrongBranch = await w.session('BJ', [...ROLES]);
  const headOffice = await w.session('HO', [...ROLES]);

  for (const route of registered) {
    const key = `${route.method} ${route.path}`;
    const { access } = route;
    if (access.kind === 'public') {
      if (!access.why) failures.push(`${key}: public without a reason`);
      continue;
    }
    const fixture = fixtures[key];
    if (!fixture) {
      failures.push(`${key}: no access fixture; add one to test/access-fixtures.ts`);
      continue;
    }

    const anonymous = await call(w.app, route.method, (await fixture(w)).path, { body: (await fixture(w)).body });
    if (anonymous.status !== 401) failures.push(`${key}: anonymous caller got ${anonymous.status}, expected 401`);

    const permission = access.kind === 'self' ? null : access.permission;
    const lacking = permission ? ROLES.filter((r) => !rolesGranting(permission).includes(r)) : [];
    // A permission every role holds (reading loans) has no wrong role to try.
    if (permission && lacking.length > 0) {
      const wrongRole = await w.session('HO', lacking);
      const probe = await fixture(w);
      const reply = await call(w.app, route.method, probe.path, { cookie: wrongRole.cookie, body: probe.body });
      if (reply.status !== 403 || reply.body?.type !== 'urn:daihou:problem:forbidden') {
        failures.push(`${key}: roles [${lacking.join(',')}] without ${permission} got ${reply.status}, expected 403 forbidden`);
      }
    }

    if (access.kind === 'entity') {
      const probe = await fixture(w);
      const reply = await call(w.app, route.method, probe.path, { cookie: wrongBranch.cookie, body: probe.body });
      if (reply.status !== 403 || reply.body?.type !== 'urn:daihou:problem:out-of-scope') {
        failures.push(`${key}: a BJ user with every role reached SH data: ${reply.status}, expected 403 out-of-scope`);
      }
      const allowed = await call(w.app, route.method, (await fixture(w)).path, { cookie: headOffice.cookie, body: (await fixture(w)).body });
      if (allowed.status >= 400) failures.push(`${key}: control failed: head office got ${allowed.status} ${JSON.stringify(allowed.body)}`);
    }

    if (access.kind === 'list') {
      const probe = await fixture(w);
      if (!probe.leaks) {
        failures.push(`${key}: list fixture has no leaks() check`);
        continue;
      }
      const reply = await call(w.app, route.method, probe.path, { cookie: wrongBranch.cookie });
      if (reply.status !== 200) failures.push(`${key}: BJ user got ${reply.status} listing`);
      else if (probe.leaks(reply.body)) failures.push(`${key}: a BJ user's list shows SH data`);
      const control = await call(w.app, route.method, probe.path, { cookie: headOffice.cookie });
      if (!probe.leaks(control.body)) failures.push(`${key}: control failed: head office's list does not show SH data, so the check proves nothing`);
    }
  }
  return failures;
}

import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { buildWorld, call, unique } from '../support/world.js';

describeEachDatabase('organisation, audit and personal data', (ctx) => {
  it('builds the branch tree and refuses a team under a team', async () => {
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    const code = unique('GZ');
    const created = await call(w.app, 'POST', '/api/v1/branches', { cookie: admin.cookie, body: { code, nameZh: '广州分行', nameEn: 'Guangzhou', kind: 'branch', parentId: w.branches.HO.id } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, kind: 'branch', path: `/HO/${code}/` });
    const bad = await call(w.app, 'POST', '/api/v1/branches', { cookie: admin.cookie, body: { code: unique('X'), nameZh: '组', nameEn: 'Team', kind: 'team', parentId: w.branches['BJ-T1'].id } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('parentId');
    const dup = await call(w.app, 'POST', '/api/v1/branches', { cookie: admin.cookie, body: { code, nameZh: '重复', nameEn: 'Dup', kind: 'branch', parentId: w.branches.HO.id } });
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe('urn:daihou:problem:conflict');
  });

  it('shows a branch manager only their subtree', async () => {
    const w = await buildWorld(ctx.database);
    const manager = await w.session('BJ', ['branch_manager']);
    const list = await call(w.app, 'GET', '/api/v1/branches', { cookie: manager.cookie });
    expect(list.body.items.map((b: { code: string }) => b.code)).toEqual(['BJ', 'BJ-T1']);
  });

  it('records every change with who, before, after and why', async () => {
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    const u = await w.user('BJ', ['collector']);
    const noReason = await call(w.app, 'PATCH', `/api/v1/users/${u.id}`, { cookie: admin.cookie, body: { roles: ['collector', 'qa'] } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: '必填' }]);
    const changed = await call(w.app, 'PATCH', `/api/v1/users/${u.id}`, { cookie: admin.cookie, body: { roles: ['collector', 'qa'], branchId: w.branches['BJ-T1'].id, reason: '调入催收一组' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ roles: ['collector', 'qa'], branchCode: 'BJ-T1' });
    const entry = await w.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.update').where('entity_id', '=', String(u.id)).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_user_id: admin.user.id, actor_name: admin.user.username, reason: '调入催收一组', branch_path: '/HO/BJ/BJ-T1/' });
    expect(entry.before).toMatchObject({ roles: ['collector'], branchCode: 'BJ' });
    expect(entry.after).toMatchObject({ roles: ['collector', 'qa'], branchCode: 'BJ-T1' });
    expect(entry.request_id).toBe(changed.headers.get('x-request-id'));
  });

  it('refuses to move a user into a branch outside the actor’s scope', async () => {
    const w = await buildWorld(ctx.database);
    const bjAdmin = await w.session('BJ', ['admin']);
    const u = await w.user('BJ-T1', ['collector']);
    const moved = await call(w.app, 'PATCH', `/api/v1/users/${u.id}`, { cookie: bjAdmin.cookie, body: { branchId: w.branches.SH.id, reason: 'transfer' } });
    expect(moved.status).toBe(403);
    expect(moved.body.type).toBe('urn:daihou:problem:out-of-scope');
  });

  it('masks phones, reveals them only to roles allowed and on request, and audits each reveal', async () => {
    const w = await buildWorld(ctx.database);
    const u = await w.user('BJ', ['collector'], { phone: '13812345678' });
    const auditor = await w.session('HO', ['auditor']);
    const manager = await w.session('BJ', ['branch_manager']);
    const masked = await call(w.app, 'GET', `/api/v1/users/${u.id}`, { cookie: manager.cookie });
    expect(masked.body.phone).toBe('138****5678');
    const listed = await call(w.app, 'GET', '/api/v1/users?limit=500', { cookie: manager.cookie });
    expect(JSON.stringify(listed.body)).not.toContain('13812345678');
    const denied = await call(w.app, 'GET', `/api/v1/users/${u.id}?reveal=true`, { cookie: auditor.cookie });
    expect(denied.status).toBe(403);
    const revealed = await call(w.app, 'GET', `/api/v1/users/${u.id}?reveal=true`, { cookie: manager.cookie });
    expect(revealed.body.phone).toBe('13812345678');
    const reads = await w.db.selectFrom('audit_log').selectAll().where('action', '=', 'pii.reveal').where('entity_id', '=', String(u.id)).execute();
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor_user_id: manager.user.id, after: { fields: ['phone'] } });
  });

  it('keeps the audit log append-only', async () => {
    const { db } = ctx.database;
    await expect(sql`UPDATE audit_log SET reason = 'tampered'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('lets an auditor read the trail of their scope, newest first, page by page', async () => {
    const w = await buildWorld(ctx.database);
    const auditor = await w.session('BJ', ['auditor']);
    const first = await call(w.app, 'GET', '/api/v1/audit?limit=2', { cookie: auditor.cookie });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    const second = await call(w.app, 'GET', `/api/v1/audit?limit=2&cursor=${first.body.nextCursor}`, { cookie: auditor.cookie });
    expect(second.body.items[0].id).toBeLessThan(first.body.items[1].id);
    const all = await call(w.app, 'GET', '/api/v1/audit?limit=500', { cookie: auditor.cookie });
    expect(all.body.items.every((e: { branchPath: string }) => e.branchPath.startsWith('/HO/BJ/'))).toBe(true);
  });
});

describeEachDatabase('answers to bad requests', (ctx) => {
  it('never answers with a stack trace or a 500', async () => {
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    const malformed = await call(w.app, 'POST', '/api/v1/users', { cookie: admin.cookie, rawBody: '{"username": "a",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('urn:daihou:problem:malformed-json');
    const missing = await call(w.app, 'POST', '/api/v1/users', { cookie: admin.cookie, body: { username: 'li.si', displayName: '李四', roles: ['nope'] }, headers: { 'accept-language': 'en-US' } });
    expect(missing.status).toBe(400);
    expect(missing.body.title).toBe('The request is not valid');
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'branchId', message: 'is required' },
        { field: 'password', message: 'is required' },
        { field: 'roles.0', message: expect.stringContaining('must be one of collector') },
      ]),
    );
    const badParam = await call(w.app, 'GET', '/api/v1/users/abc', { cookie: admin.cookie });
    expect(badParam.status).toBe(400);
    expect(badParam.body.errors[0].field).toBe('param.id');
    const unknown = await call(w.app, 'GET', '/api/v1/nothing-here', { cookie: admin.cookie });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('urn:daihou:problem:route-not-found');
    const gone = await call(w.app, 'GET', '/api/v1/users/999999', { cookie: admin.cookie });
    expect(gone.status).toBe(404);
    expect(gone.body.type).toBe('urn:daihou:problem:not-found');
    for (const reply of [malformed, missing, badParam, unknown, gone]) {
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('keeps an incoming request id and makes one otherwise', async () => {
    const w = await buildWorld(ctx.database);
    const given = await call(w.app, 'GET', '/api/health', { headers: { 'x-request-id': 'dialer-42' } });
    expect(given.headers.get('x-request-id')).toBe('dialer-42');
    const made = await call(w.app, 'GET', '/api/health');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.body).toEqual({ status: 'ok', database: { ok: true, latencyMs: expect.any(Number), pendingMigrations: 0 } });
  });

  it('publishes OpenAPI 3.1 from the route schemas, and a docs page that needs no CDN', async () => {
    const w = await buildWorld(ctx.database);
    const doc = await call(w.app, 'GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/{id}', '/api/v1/audit']));
    expect(doc.body.components.schemas.UserCreate.required).toEqual(expect.arrayContaining(['username', 'branchId', 'roles', 'password']));
    const page = await call(w.app, 'GET', '/api/docs');
    expect(page.body).toContain('/api/docs/swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\//);
    const bundle = await call(w.app, 'GET', '/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });
});

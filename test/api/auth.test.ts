import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan } from '../support/loans.js';
import { buildWorld, call, PASSWORD } from '../support/world.js';

describeEachDatabase('signing in, sessions and API tokens', (ctx) => {
  it('signs in with an httpOnly session cookie and answers who I am', async () => {
    const w = await buildWorld(ctx.database);
    const u = await w.user('BJ', ['collector', 'branch_manager']);
    const reply = await call(w.app, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: PASSWORD } });
    expect(reply.status).toBe(200);
    const cookie = reply.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^daihou_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await call(w.app, 'GET', '/api/v1/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.body).toMatchObject({ username: u.username, branchCode: 'BJ', branchPath: '/HO/BJ/', roles: ['branch_manager', 'collector'] });
    expect(me.body.permissions).toEqual([
      'collateral.record', 'collection.manage', 'collection.read', 'collection.work', 'fact.record', 'followup.approve', 'followup.correct', 'followup.policy',
      'followup.read', 'loan.read', 'org.read', 'payment.post', 'payment.reverse', 'pii.reveal', 'restructure.approve', 'restructure.request', 'warning.handle',
    ]);
    const stored = await w.db.selectFrom('user_session').select('token_hash').execute();
    expect(stored.some((s) => cookie.includes(s.token_hash))).toBe(false);
  });

  it('answers a wrong password and an unknown user alike, in the asked language, and audits both', async () => {
    const w = await buildWorld(ctx.database);
    const u = await w.user('BJ', ['collector']);
    const wrong = await call(w.app, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: 'nope-nope-nope' } });
    const unknown = await call(w.app, 'POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'nope-nope-nope' }, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(wrong.body).toMatchObject({ type: 'urn:daihou:problem:invalid-credentials', title: '用户名或密码错误' });
    expect(unknown.body).toMatchObject({ type: 'urn:daihou:problem:invalid-credentials', title: 'Wrong username or password' });
    const audit = await w.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'auth.login_failed').execute();
    expect(audit.map((a) => a.actor_name)).toEqual(expect.arrayContaining([u.username, 'nobody']));
  });

  it('locks an account after five wrong passwords, for fifteen minutes', async () => {
    const w = await buildWorld(ctx.database);
    const u = await w.user('BJ', ['collector']);
    for (let i = 0; i < 5; i++) {
      expect((await call(w.app, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: `wrong-${i}-xxxxx` } })).status).toBe(401);
    }
    const locked = await call(w.app, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: PASSWORD } });
    expect(locked.status).toBe(423);
    expect(locked.body.type).toBe('urn:daihou:problem:account-locked');
    w.clock.advanceMinutes(16);
    expect((await call(w.app, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: PASSWORD } })).status).toBe(200);
  });

  it('expires an idle session, keeps an active one alive, and ends it at logout', async () => {
    const w = await buildWorld(ctx.database);
    const { cookie } = await w.session('BJ', ['collector']);
    w.clock.advanceMinutes(20);
    expect((await call(w.app, 'GET', '/api/v1/auth/me', { cookie })).status).toBe(200);
    w.clock.advanceMinutes(20); // 40 minutes since login, 20 since last use: idle limit is 30
    expect((await call(w.app, 'GET', '/api/v1/auth/me', { cookie })).status).toBe(200);
    w.clock.advanceMinutes(31);
    const expired = await call(w.app, 'GET', '/api/v1/auth/me', { cookie });
    expect(expired.status).toBe(401);
    expect(expired.body.type).toBe('urn:daihou:problem:session-expired');

    const second = await w.session('BJ', ['collector']);
    expect((await call(w.app, 'POST', '/api/v1/auth/logout', { cookie: second.cookie })).status).toBe(204);
    expect((await call(w.app, 'GET', '/api/v1/auth/me', { cookie: second.cookie })).body.type).toBe('urn:daihou:problem:session-expired');
  });

  it('ends a user’s sessions when they are deactivated', async () => {
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    const target = await w.session('BJ', ['collector']);
    const patch = await call(w.app, 'PATCH', `/api/v1/users/${target.user.id}`, { cookie: admin.cookie, body: { active: false, reason: '离职 left the company' } });
    expect(patch.status).toBe(200);
    expect((await call(w.app, 'GET', '/api/v1/auth/me', { cookie: target.cookie })).status).toBe(401);
    expect((await call(w.app, 'POST', '/api/v1/auth/login', { body: { username: target.user.username, password: PASSWORD } })).status).toBe(401);
  });

  it('lets an integration act with an API token until it is revoked', async () => {
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    const integration = await w.user('BJ', ['risk_officer']);
    const issued = await call(w.app, 'POST', `/api/v1/users/${integration.id}/tokens`, { cookie: admin.cookie, body: { name: 'GPS vendor' } });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^dh_/);
    const me = await call(w.app, 'GET', '/api/v1/auth/me', { token: issued.body.token });
    expect(me.body).toMatchObject({ username: integration.username, roles: ['risk_officer'] });
    const listed = await call(w.app, 'GET', `/api/v1/users/${integration.id}/tokens`, { cookie: admin.cookie });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);
    expect(listed.body.items[0]).toMatchObject({ name: 'GPS vendor', revokedAt: null });
    expect(listed.body.items[0].lastUsedAt).not.toBeNull();
    expect((await call(w.app, 'POST', `/api/v1/tokens/${issued.body.id}/revoke`, { cookie: admin.cookie, body: { reason: 'rotated' } })).status).toBe(204);
    const after = await call(w.app, 'GET', '/api/v1/auth/me', { token: issued.body.token });
    expect(after.status).toBe(401);
    expect((await call(w.app, 'GET', '/api/v1/auth/me', { token: 'dh_forged' })).status).toBe(401);
  });

  it('changes my own password only with the current one', async () => {
    const w = await buildWorld(ctx.database);
    const s = await w.session('BJ', ['collector']);
    const bad = await call(w.app, 'POST', '/api/v1/auth/password', { cookie: s.cookie, body: { currentPassword: 'not-it', newPassword: 'a-brand-new-password' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'currentPassword', message: 'wrong password' }]);
    const short = await call(w.app, 'POST', '/api/v1/auth/password', { cookie: s.cookie, body: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(short.body.errors).toEqual([{ field: 'newPassword', message: '长度至少为 10' }]);
    expect((await call(w.app, 'POST', '/api/v1/auth/password', { cookie: s.cookie, body: { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' } })).status).toBe(204);
    await w.login(s.user.username, 'a-brand-new-password');
    const hashes = await sql<{ h: string }>`SELECT password_hash AS h FROM app_user WHERE id = ${s.user.id}`.execute(w.db);
    expect(hashes.rows[0]?.h).toMatch(/^\$argon2id\$/);
  });

  it('gives a team member the scope of the team’s branch: its loans, not another branch’s', async () => {
    const w = await buildWorld(ctx.database);
    const atBranch = await makeLoan(ctx.database, w.branches.BJ.id);
    const elsewhere = await makeLoan(ctx.database, w.branches.SH.id);
    const collector = await w.session('BJ-T1', ['collector']);
    const me = await call(w.app, 'GET', '/api/v1/auth/me', { cookie: collector.cookie });
    expect(me.body).toMatchObject({ branchCode: 'BJ-T1', branchPath: '/HO/BJ/' });
    const list = await call(w.app, 'GET', '/api/v1/loans?limit=100', { cookie: collector.cookie });
    const ids = list.body.items.map((l: { id: number }) => l.id);
    expect(ids).toContain(atBranch);
    expect(ids).not.toContain(elsewhere);
    expect((await call(w.app, 'GET', `/api/v1/loans/${atBranch}`, { cookie: collector.cookie })).status).toBe(200);
    expect((await call(w.app, 'GET', `/api/v1/loans/${elsewhere}`, { cookie: collector.cookie })).status).toBe(403);
  });
});

import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call, unique } from '../support/world.js';

// What the web app's audit log page and loan 360 class form ask of the API beyond plain reads.
describeEachDatabase('the audit log filters and where a loan’s class stands', (ctx) => {
  it('filters the audit log by actor, action, time range and entity', async () => {
    const w = await buildWorld(ctx.database);
    const admin = await w.session('HO', ['admin']);
    const auditor = await w.session('HO', ['auditor']);
    const other = await w.session('HO', ['admin']);
    const code = unique('GZ');
    const created = await call(w.app, 'POST', '/api/v1/branches', { cookie: admin.cookie, body: { code, nameZh: '广州分行', nameEn: 'Guangzhou', kind: 'branch', parentId: w.branches.HO.id } });
    await call(w.app, 'PATCH', `/api/v1/branches/${created.body.id}`, { cookie: admin.cookie, body: { nameZh: '广州分行（新）', reason: '更名 renamed' } });
    await call(w.app, 'PATCH', `/api/v1/branches/${w.branches.SH.id}`, { cookie: other.cookie, body: { nameEn: 'Shanghai', reason: '更名 renamed' } });
    const entry = await w.db.selectFrom('audit_log').select(['id', 'at']).where('action', '=', 'branch.update').where('entity_id', '=', String(created.body.id)).executeTakeFirstOrThrow();
    const at = new Date(entry.at).getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    const audit = async (query: string) => {
      const reply = await call(w.app, 'GET', `/api/v1/audit?${query}`, { cookie: auditor.cookie });
      expect(reply.status).toBe(200);
      return (reply.body.items as { id: number; action: string; actorName: string; reason: string | null }[]).map((e) => [e.action, e.actorName, e.reason]);
    };

    expect(await audit(`actorName=${admin.user.username}&action=branch.update`)).toEqual([['branch.update', admin.user.username, '更名 renamed']]);
    expect(await audit(`actorName=${admin.user.username}`)).toEqual([
      ['branch.update', admin.user.username, '更名 renamed'],
      ['branch.create', admin.user.username, null],
      ['auth.login', admin.user.username, null],
    ]);
    expect(await audit(`entityType=branch&entityId=${w.branches.SH.id}&action=branch.update`)).toEqual([['branch.update', other.user.username, '更名 renamed']]);
    // `from` is inclusive and `before` exclusive, so the entry's own instant falls in [at, at + 1 ms)
    const window = (from: number, before: number) => audit(`action=branch.update&entityId=${created.body.id}&from=${encodeURIComponent(iso(from))}&before=${encodeURIComponent(iso(before))}`);
    expect(await window(at, at + 1)).toHaveLength(1);
    expect(await window(at - 60_000, at)).toEqual([]);
    expect(await window(at + 1, at + 60_000)).toEqual([]);
    const bad = await call(w.app, 'GET', '/api/v1/audit?from=2026-11-22', { cookie: auditor.cookie });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.from');
  });

  it('tells a risk officer the floor under a loan’s class and what the next close gives with a manual class', async () => {
    const w = await buildWorld(ctx.database);
    const risk = await w.session('BJ', ['risk_officer']);
    const { db } = ctx.database;
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    const path = `/api/v1/loans/${loanId}/class-overrides`;
    expect((await call(w.app, 'GET', path, { cookie: risk.cookie })).body).toEqual({ items: [], standing: null });

    // the first installment (2026-01-31) unpaid on 2026-03-15: 43 days past due, so at least 关注
    await setBusinessDate(ctx.database, '2026-03-15');
    await closeThrough(db, parseBusinessDate('2026-03-15'));
    const before = await call(w.app, 'GET', path, { cookie: risk.cookie });
    expect(before.body.standing).toEqual({
      asOf: '2026-03-15',
      dpd: 43,
      riskClass: 'special_mention',
      dpdFloor: 'special_mention',
      flagFloors: [],
      floor: 'special_mention',
      override: null,
      expectedClass: 'special_mention',
    });

    const set = await call(w.app, 'POST', `/api/v1/loans/${loanId}/class-override`, { cookie: risk.cookie, body: { riskClass: 'doubtful', reason: '借款人失联 borrower unreachable' } });
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ riskClass: 'doubtful', role: 'risk_officer', standing: { floor: 'special_mention', override: 'doubtful', expectedClass: 'doubtful', riskClass: 'special_mention' } });
    await closeThrough(db, parseBusinessDate('2026-03-16'));
    const after = await call(w.app, 'GET', path, { cookie: risk.cookie });
    expect(after.body.standing).toMatchObject({ asOf: '2026-03-16', riskClass: 'doubtful', floor: 'special_mention', expectedClass: 'doubtful' });
    expect(after.body.items).toHaveLength(1);
  });
});

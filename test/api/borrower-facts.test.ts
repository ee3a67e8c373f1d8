import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const reason = '回访核实 confirmed on a follow-up call';

describeEachDatabase('borrower facts through the API', (ctx) => {
  async function borrowerOf(loanId: number): Promise<number> {
    return (await ctx.database.db.selectFrom('loan').select('borrower_id').where('id', '=', loanId).executeTakeFirstOrThrow()).borrower_id;
  }

  it('appends a fact that supersedes the current one, keeps the old one readable, and audits who, when and why', async () => {
    const w = await buildWorld(ctx.database);
    const agent = await w.session('BJ', ['followup_agent']);
    const collector = await w.session('BJ', ['collector']);
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    const borrowerId = await borrowerOf(loanId);
    await setBusinessDate(ctx.database, '2026-03-01');
    const before = await ctx.database.db.selectFrom('borrower_fact').selectAll().where('borrower_id', '=', borrowerId).where('fact', '=', 'mobile').executeTakeFirstOrThrow();

    const posted = await call(w.app, 'POST', `/api/v1/borrowers/${borrowerId}/facts`, {
      cookie: agent.cookie,
      body: { kind: 'mobile', value: '+86 139-1234-5678', source: 'follow_up', verification: 'verified', reason },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ kind: 'mobile', value: '139****5678', effectiveFrom: '2026-03-01', source: 'follow_up', verification: 'verified', supersedesId: before.id, recordedBy: agent.user.username, reason });

    const masked = await call(w.app, 'GET', `/api/v1/borrowers/${borrowerId}/facts`, { cookie: collector.cookie });
    expect(masked.status).toBe(200);
    expect(masked.body).toMatchObject({ borrowerId, asOf: '2026-03-01', revealed: false });
    expect(masked.body.current.map((f: { kind: string; value: string }) => [f.kind, f.value])).toEqual([
      ['employer', '北京某科技有限公司'],
      ['mobile', '139****5678'],
      ['monthly_income', '15000.00'],
    ]);
    const mobiles = masked.body.history.filter((f: { kind: string }) => f.kind === 'mobile');
    expect(mobiles.map((f: { id: number; value: string; supersedesId: number | null; supersededById: number | null; effectiveFrom: string }) => [f.value, f.effectiveFrom, f.supersedesId, f.supersededById])).toEqual([
      ['139****5678', '2026-03-01', before.id, null],
      ['138****5678', '2025-12-20', null, posted.body.id],
    ]);

    const revealed = await call(w.app, 'GET', `/api/v1/borrowers/${borrowerId}/facts?reveal=true`, { cookie: collector.cookie });
    expect(revealed.body.history.filter((f: { kind: string }) => f.kind === 'mobile').map((f: { value: string }) => f.value)).toEqual(['13912345678', '13812345678']);
    const qa = await w.session('BJ', ['qa']);
    expect((await call(w.app, 'GET', `/api/v1/borrowers/${borrowerId}/facts?reveal=true`, { cookie: qa.cookie })).status).toBe(403);

    // the old row is untouched, and the table refuses to change it
    const old = await ctx.database.db.selectFrom('borrower_fact').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    expect(old).toEqual(before);
    await expect(sql`UPDATE borrower_fact SET value = '13700000000' WHERE id = ${before.id}`.execute(ctx.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM borrower_fact WHERE id = ${before.id}`.execute(ctx.database.db)).rejects.toThrow(/append-only/);

    const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'borrower').where('entity_id', '=', String(borrowerId)).orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
      ['borrower.fact_append', agent.user.id],
      ['pii.reveal', collector.user.id],
    ]);
    expect(audit[0]).toMatchObject({ reason, branch_path: '/HO/BJ/', before: { factId: before.id, kind: 'mobile', value: '138****5678' }, after: { kind: 'mobile', value: '139****5678', supersedesId: before.id } });

    // loan 360 shows the new current fact
    const loan = await call(w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: collector.cookie });
    expect(loan.body.borrower.facts.find((f: { fact: string }) => f.fact === 'mobile').value).toBe('139****5678');
  });

  it('checks each value by its kind and its dates, and answers a clear problem in the asked language', async () => {
    const w = await buildWorld(ctx.database);
    const manager = await w.session('BJ', ['branch_manager']);
    const borrowerId = await borrowerOf(await makeLoan(ctx.database, w.branches.BJ.id));
    await setBusinessDate(ctx.database, '2026-03-01');
    const post = (body: Record<string, unknown>, lang = 'zh-CN') =>
      call(w.app, 'POST', `/api/v1/borrowers/${borrowerId}/facts`, { cookie: manager.cookie, headers: { 'accept-language': lang }, body: { source: 'borrower', reason, ...body } });

    const badMobile = await post({ kind: 'mobile', value: '1381234567' }, 'en-US');
    expect(badMobile.status).toBe(400);
    expect(badMobile.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(badMobile.body).toMatchObject({ type: 'urn:daihou:problem:validation', title: 'The request is not valid', detail: 'not a mainland mobile number (11 digits starting 13–19)', errors: [{ field: 'value' }] });
    const zh = await post({ kind: 'mobile', value: '1381234567' });
    expect(zh.body.detail).toBe('不是有效的手机号码（11 位，以 13–19 开头）');
    for (const [kind, value] of [['monthly_income', '-3000'], ['monthly_income', '1.234'], ['monthly_income', '15,000'], ['email', 'zhang@'], ['phone', '12ab'], ['home_address', '北京'], ['employer', '   ']]) {
      const reply = await post({ kind, value });
      expect([kind, value, reply.status, reply.body.errors?.[0]?.field]).toEqual([kind, value, 400, 'value']);
    }
    expect((await post({ kind: 'salary', value: '1' })).body.errors[0].field).toBe('kind');
    expect((await post({ kind: 'email', value: 'a@b.cn', verification: 'maybe' })).body.errors[0].field).toBe('verification');
    expect((await post({ kind: 'email', value: 'a@b.cn', reason: undefined })).body.errors[0].field).toBe('reason');

    const future = await post({ kind: 'employer', value: '上海某汽车销售公司', effectiveFrom: '2026-03-02' }, 'en-US');
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ detail: 'the effective date cannot be after the business date 2026-03-01', errors: [{ field: 'effectiveFrom' }] });
    const beforeCurrent = await post({ kind: 'employer', value: '上海某汽车销售公司', effectiveFrom: '2025-12-19' });
    expect(beforeCurrent.status).toBe(400);
    expect(beforeCurrent.body.errors[0]).toMatchObject({ field: 'effectiveFrom', message: 'before 2025-12-20' });
    const backDated = await post({ kind: 'employer', value: '上海某汽车销售公司', effectiveFrom: '2026-02-01' });
    expect(backDated.status).toBe(201);
    expect(backDated.body.effectiveFrom).toBe('2026-02-01');

    const income = await post({ kind: 'monthly_income', value: '18000.5', verification: 'verified' });
    expect(income.status).toBe(201);
    expect(income.body.value).toBe('18000.50');
    const stored = await ctx.database.db.selectFrom('borrower_fact').select(['fact', 'value']).where('id', '=', income.body.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ fact: 'monthly_income_fen', value: '1800050' });
    // the same value and status again changes nothing: a double submit is refused, not duplicated
    const again = await post({ kind: 'monthly_income', value: '18000.50', verification: 'verified' });
    expect(again.status).toBe(409);
    // the same value found different on verification is a change
    expect((await post({ kind: 'monthly_income', value: '18000.50', verification: 'differs' })).status).toBe(201);

    const email = await post({ kind: 'email', value: 'Zhang.Wei@Example.com' });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({ value: 'Z***@Example.com', supersedesId: null, verification: 'unverified', effectiveFrom: '2026-03-01' });

    const missing = await call(w.app, 'POST', '/api/v1/borrowers/99999999/facts', { cookie: manager.cookie, body: { kind: 'email', value: 'a@b.cn', source: 'borrower', reason } });
    expect(missing.status).toBe(404);
  });
});

import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildSchedule } from '../../src/domain/schedule.js';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call, unique } from '../support/world.js';

describeEachDatabase('the loan book through the API', (ctx) => {
  it('stores the schedule vectors exactly and reads them back identical', async () => {
    for (const [method, balloonFen] of [['annuity', 0], ['equal-principal', 0], ['interest-only', 0], ['balloon', 3_000_000]] as const) {
      const loanId = await makeLoan(ctx.database, 1, { method, balloonFen });
      const stored = await ctx.database.db.selectFrom('installment').select(['seq', 'due_date', 'principal_fen', 'interest_fen', 'balance_after_fen']).where('loan_id', '=', loanId).orderBy('seq').execute();
      const expected = buildSchedule({ principalFen: 10_000_000, annualRate: '0.06', termMonths: 36, method, firstDueDate: parseBusinessDate('2026-01-31'), balloonFen: method === 'balloon' ? balloonFen : undefined });
      expect(stored.map((r) => [r.seq, r.due_date, r.principal_fen, r.interest_fen, r.balance_after_fen])).toEqual(expected.installments.map((i) => [i.seq, i.dueDate, i.principalFen, i.interestFen, i.balanceAfterFen]));
      const { rows } = await sql<{ total: number }>`SELECT sum(interest_fen)::bigint AS total FROM installment WHERE loan_id = ${loanId}`.execute(ctx.database.db);
      expect(rows[0]?.total).toBe({ annuity: 951901, 'equal-principal': 925000, 'interest-only': 1800000, balloon: 1206323 }[method]);
    }
  });

  it('posts a payment once per external id, explains its allocation, and charges 罚息 for lateness', async () => {
    const w = await buildWorld(ctx.database);
    const manager = await w.session('BJ', ['branch_manager']);
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-03-02');
    const key = unique('PAY');
    const body = { externalId: key, valueDate: '2026-03-02', amountFen: 306501, channel: 'bank_transfer' };
    const first = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body });
    expect(first.status).toBe(201);
    expect(first.body.allocation.lines).toEqual([
      { seq: 1, component: 'penalty', amountFen: 2282 },
      { seq: 1, component: 'interest', amountFen: 50000 },
      { seq: 1, component: 'principal', amountFen: 254219 },
    ]);
    const again = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, repaymentId: first.body.repaymentId });
    const clash = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body: { ...body, amountFen: 1 } });
    expect(clash.status).toBe(409);
    const count = await ctx.database.db.selectFrom('repayment').select(sql<number>`count(*)::int`.as('n')).where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    const future = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body: { ...body, externalId: unique('PAY'), valueDate: '2026-03-03' } });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('valueDate');
  });

  it('reverses a payment with a new record and replays the loan without it', async () => {
    const w = await buildWorld(ctx.database);
    const manager = await w.session('BJ', ['branch_manager']);
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-02-15');
    const posted = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body: { externalId: unique('PAY'), valueDate: '2026-01-31', amountFen: 304219, channel: 'counter' } });
    const before = await call(w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: manager.cookie });
    expect(before.body.schedule[0].state).toBe('paid');
    const noReason = await call(w.app, 'POST', `/api/v1/repayments/${posted.body.repaymentId}/reverse`, { cookie: manager.cookie, body: {} });
    expect(noReason.status).toBe(400);
    const reversed = await call(w.app, 'POST', `/api/v1/repayments/${posted.body.repaymentId}/reverse`, { cookie: manager.cookie, body: { reason: '错账 wrong account' } });
    expect(reversed.status).toBe(201);
    const after = await call(w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: manager.cookie });
    expect(after.body.schedule[0]).toMatchObject({ state: 'overdue', principalPaidFen: 0, penaltyFen: 1141 }); // 15 days on 3,042.19 at 9 %/360
    expect(after.body.payments.map((p: { reversed: boolean; reversesId: number | null }) => [p.reversed, p.reversesId])).toEqual([
      [true, null],
      [false, posted.body.repaymentId],
    ]);
    const stored = await ctx.database.db.selectFrom('installment').select(['principal_paid_fen', 'penalty_fen']).where('loan_id', '=', loanId).where('seq', '=', 1).executeTakeFirstOrThrow();
    expect(stored).toEqual({ principal_paid_fen: 0, penalty_fen: 1141 });
    expect((await call(w.app, 'POST', `/api/v1/repayments/${posted.body.repaymentId}/reverse`, { cookie: manager.cookie, body: { reason: 'again' } })).status).toBe(409);
    await expect(sql`DELETE FROM repayment WHERE loan_id = ${loanId}`.execute(ctx.database.db)).rejects.toThrow(/append-only/);
  });

  it('quotes a payoff and closes the loan when it is paid', async () => {
    const w = await buildWorld(ctx.database);
    const manager = await w.session('BJ', ['branch_manager']);
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-03-02');
    const quote = await call(w.app, 'GET', `/api/v1/loans/${loanId}/payoff-quote`, { cookie: manager.cookie });
    expect(quote.body).toEqual({ on: '2026-03-02', principalFen: 10_000_000, interestFen: 146180, penaltyFen: 2434, creditFen: 0, totalFen: 10_148_614 });
    const paid = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body: { externalId: unique('PAY'), valueDate: '2026-03-02', amountFen: quote.body.totalFen, channel: 'bank_transfer' } });
    expect(paid.body.loanStatus).toBe('paid_off');
    const list = await call(w.app, 'GET', `/api/v1/loans?status=paid_off&limit=500`, { cookie: manager.cookie });
    expect(list.body.items.map((l: { id: number }) => l.id)).toContain(loanId);
    expect(list.body.items.find((l: { id: number }) => l.id === loanId).outstandingPrincipalFen).toBe(0);
  });

  it('prepays principal into a new schedule version, and a reversal restores the old one', async () => {
    const w = await buildWorld(ctx.database);
    const manager = await w.session('BJ', ['branch_manager']);
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-01-31');
    const backDated = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body: { externalId: unique('PAY'), valueDate: '2026-01-30', amountFen: 2_000_000, channel: 'counter', overpayment: 'shorten-term' } });
    expect(backDated.status).toBe(400);
    const posted = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body: { externalId: unique('PAY'), valueDate: '2026-01-31', amountFen: 304219 + 2_000_000, channel: 'counter', overpayment: 'lower-installment' } });
    expect(posted.status).toBe(201);
    const after = await call(w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: manager.cookie });
    expect(after.body.loan.scheduleVersion).toBe(2);
    expect(after.body.schedule.slice(0, 2).map((i: { principalFen: number; state: string }) => [i.principalFen, i.state])).toEqual([
      [254219, 'paid'],
      [2_000_000, 'paid'],
    ]);
    expect(after.body.schedule).toHaveLength(37);
    expect(after.body.schedule[2].principalFen + after.body.schedule[2].interestFen).toBeLessThan(304219);
    expect(after.body.summary.principalFen).toBe(10_000_000 - 254219 - 2_000_000);
    const reversed = await call(w.app, 'POST', `/api/v1/repayments/${posted.body.repaymentId}/reverse`, { cookie: manager.cookie, body: { reason: '客户撤回 withdrawn' } });
    expect(reversed.status).toBe(201);
    const back = await call(w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: manager.cookie });
    expect(back.body.loan.scheduleVersion).toBe(1);
    expect(back.body.schedule).toHaveLength(36);
    expect(back.body.summary.principalFen).toBe(10_000_000);
    const again = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager.cookie, body: { externalId: unique('PAY'), valueDate: '2026-01-31', amountFen: 304219 + 1_000_000, channel: 'counter', overpayment: 'shorten-term' } });
    expect(again.status).toBe(201);
    const third = await call(w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: manager.cookie });
    expect(third.body.loan.scheduleVersion).toBe(3);
    expect(third.body.schedule.length).toBeLessThan(37);
  });

  it('masks the borrower in loan 360 and audits a reveal', async () => {
    const w = await buildWorld(ctx.database);
    const collector = await w.session('BJ', ['collector']);
    const qa = await w.session('BJ', ['qa']);
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    const masked = await call(w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: collector.cookie });
    expect(masked.body.borrower.name).toBe('张*');
    expect(masked.body.borrower.idNumber).toMatch(/^110105\*{8}\d{3}[\dX]$/);
    expect(masked.body.borrower.facts.find((f: { fact: string }) => f.fact === 'mobile').value).toBe('138****5678');
    expect(masked.body.vehicle).toMatchObject({ make: '比亚迪', model: '秦PLUS', condition: 'new' });
    expect((await call(w.app, 'GET', `/api/v1/loans/${loanId}?reveal=true`, { cookie: qa.cookie })).status).toBe(403);
    const revealed = await call(w.app, 'GET', `/api/v1/loans/${loanId}?reveal=true`, { cookie: collector.cookie });
    expect(revealed.body.borrower.name).toBe('张伟');
    expect(revealed.body.borrower.facts.find((f: { fact: string }) => f.fact === 'mobile').value).toBe('13812345678');
    const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'pii.reveal').where('entity_type', '=', 'borrower').where('actor_user_id', '=', collector.user.id).execute();
    expect(audit).toHaveLength(1);
  });
});

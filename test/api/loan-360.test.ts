import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { Loan360, LoanEvent, LoanStatusHistory, PostedPayment } from '../../src/modules/loans/schemas.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call, unique, type World } from '../support/world.js';

interface Fixture {
  w: World;
  manager: string;
  loanId: number;
  payments: { onTime: number; late: number; reversed: number; reversal: number };
}

/**
 * A loan officer's notebook: 100,000.00 at 6 % over 36 months, 3,042.19 a month from 2026-01-31.
 * January is paid on the day; February is not: close of business runs on 27 February to
 * 1 March (overdue, M1, 关注) and on 30 March (DPD 30). On 31 March, with the third installment falling due, 5,000.00 comes in: it
 * clears February with its 罚息 and pays part of March. A mistaken 100.00 is posted and reversed.
 */
async function buildFixture(database: TestDatabase): Promise<Fixture> {
  const w = await buildWorld(database);
  const manager = (await w.session('BJ', ['branch_manager'])).cookie;
  const loanId = await makeLoan(database, w.branches.BJ.id);
  const post = async (valueDate: string, amountFen: number) => {
    const reply = await call(w.app, 'POST', `/api/v1/loans/${loanId}/repayments`, { cookie: manager, body: { externalId: unique('PAY'), valueDate, amountFen, channel: 'bank_transfer' } });
    expect(reply.status).toBe(201);
    PostedPayment.parse(reply.body);
    return reply.body.repaymentId as number;
  };
  await setBusinessDate(database, '2026-02-27');
  const onTime = await post('2026-01-31', 304219);
  // Days with nothing to see are skipped, to keep the test short: the business date jumps ahead.
  await closeThrough(database.db, parseBusinessDate('2026-03-01'));
  await setBusinessDate(database, '2026-03-30');
  await closeThrough(database.db, parseBusinessDate('2026-03-30'));
  const late = await post('2026-03-31', 500000);
  const reversed = await post('2026-03-31', 10000);
  const reversal = await call(w.app, 'POST', `/api/v1/repayments/${reversed}/reverse`, { cookie: manager, body: { reason: '错账 wrong loan' } });
  expect(reversal.status).toBe(201);
  return { w, manager, loanId, payments: { onTime, late, reversed, reversal: reversal.body.reversalId } };
}

describeEachDatabase('loan 360, its events and its history', (ctx) => {
  let fixture: Promise<Fixture> | undefined;
  const setup = () => (fixture ??= buildFixture(ctx.database));

  it('gives the status badges, each installment’s state and what paid it, and payments with their allocations', async () => {
    const f = await setup();
    const reply = await call(f.w.app, 'GET', `/api/v1/loans/${f.loanId}`, { cookie: f.manager });
    expect(reply.status).toBe(200);
    const view = Loan360.parse(reply.body);
    expect(view.asOf).toBe('2026-03-31');
    expect(view.status).toMatchObject({ asOf: '2026-03-30', dpd: 30, bucket: 'M1', riskClass: 'special_mention', stage: 1, overdueSince: '2026-02-28', closed: false });
    expect(view.loan).toMatchObject({ branchCode: 'BJ', productName: { 'zh-CN': '新车贷款', 'en-US': 'New car loan' }, method: 'annuity', status: 'active' });
    expect(view.schedule.slice(0, 4).map((i) => i.state)).toEqual(['paid', 'paid', 'partly-paid', 'future']);
    const [first, second, third] = view.schedule;
    expect(first).toMatchObject({ principalPaidFen: 254219, interestPaidFen: 50000, penaltyFen: 0, owedFen: 0, settledOn: '2026-01-31' });
    // 31 days late on 3,042.19 at 9 %/360: 23.58 of 罚息, paid first
    expect(second).toMatchObject({ penaltyFen: 2358, penaltyPaidFen: 2358, settledOn: '2026-03-31', owedFen: 0 });
    const paidOnThird = 500000 - 304219 - 2358;
    expect((third?.principalPaidFen ?? 0) + (third?.interestPaidFen ?? 0)).toBe(paidOnThird);
    expect(third?.owedFen).toBe(304219 - paidOnThird);
    const byId = new Map(view.payments.map((p) => [p.id, p]));
    expect(byId.get(f.payments.onTime)?.allocation).toMatchObject({ principalFen: 254219, interestFen: 50000, penaltyFen: 0, creditFen: 0 });
    const late = byId.get(f.payments.late)?.allocation;
    expect(late).toMatchObject({ penaltyFen: 2358, creditFen: 0 });
    expect((late?.principalFen ?? 0) + (late?.interestFen ?? 0) + (late?.penaltyFen ?? 0)).toBe(500000);
    expect(late?.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(500000);
    expect(byId.get(f.payments.reversed)).toMatchObject({ reversed: true, reversedById: f.payments.reversal, reversesId: null, allocation: null });
    expect(byId.get(f.payments.reversal)).toMatchObject({ reversed: false, reversedById: null, reversesId: f.payments.reversed, reason: '错账 wrong loan', allocation: null });
    expect(view.vehicles).toHaveLength(1);
    expect(view.vehicle).toEqual(view.vehicles[0]);
  }, 120_000);

  it('marks an installment due on the business date, and one overdue', async () => {
    const f = await setup();
    const loanId = await makeLoan(ctx.database, f.w.branches.BJ.id);
    const view = Loan360.parse((await call(f.w.app, 'GET', `/api/v1/loans/${loanId}`, { cookie: f.manager })).body);
    expect(view.asOf).toBe('2026-03-31');
    expect(view.status).toBeNull();
    expect(view.schedule.slice(0, 4).map((i) => i.state)).toEqual(['overdue', 'overdue', 'due', 'future']);
    // arrears count what falls due on the business date itself
    expect(view.summary).toMatchObject({ overduePrincipalFen: view.schedule.slice(0, 3).reduce((s, i) => s + i.principalFen, 0), principalFen: 10_000_000 });
  });

  it('masks the borrower, facts and contacts, and a reveal shows them and is audited', async () => {
    const f = await setup();
    const collector = await f.w.session('BJ', ['collector']);
    const masked = Loan360.parse((await call(f.w.app, 'GET', `/api/v1/loans/${f.loanId}`, { cookie: collector.cookie })).body);
    expect(masked.borrower).toMatchObject({ name: '张*', revealed: false });
    expect(masked.borrower.contacts).toEqual([{ id: expect.any(Number), role: 'emergency_contact', name: '李*', relation: '配偶', mobile: '139****1111', idNumber: null }]);
    expect(masked.borrower.facts.map((x) => [x.fact, x.value])).toEqual([
      ['employer', '北京某科技有限公司'],
      ['mobile', '138****5678'],
      ['monthly_income', '15000.00'],
    ]);
    const revealed = Loan360.parse((await call(f.w.app, 'GET', `/api/v1/loans/${f.loanId}?reveal=true`, { cookie: collector.cookie })).body);
    expect(revealed.borrower).toMatchObject({ name: '张伟', revealed: true });
    expect(revealed.borrower.contacts[0]).toMatchObject({ name: '李娜', mobile: '13900001111' });
    expect(revealed.borrower.facts.find((x) => x.fact === 'mobile')?.value).toBe('13812345678');
    const audit = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'pii.reveal').where('actor_user_id', '=', collector.user.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'borrower', branch_path: '/HO/BJ/' });
    expect(audit[0]?.after).toMatchObject({ loanId: f.loanId, view: 'loan360', fields: ['name', 'idNumber', 'employer', 'mobile', 'monthly_income', 'contacts'] });
  });

  it('pages the loan’s events newest first, and refuses a tampered cursor', async () => {
    const f = await setup();
    const stored = await ctx.database.db
      .selectFrom('loan_event')
      .select(['id', 'business_date', 'kind'])
      .where('loan_id', '=', f.loanId)
      .orderBy('business_date', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(stored.map((e) => `${e.business_date} ${e.kind}`)).toEqual(expect.arrayContaining(['2026-03-01 became_overdue', '2026-03-01 bucket_up', '2026-03-01 class_changed']));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const reply: { status: number; body: { items: unknown[]; nextCursor: string | null } } = await call(f.w.app, 'GET', `/api/v1/loans/${f.loanId}/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { cookie: f.manager });
      expect(reply.status).toBe(200);
      seen.push(...reply.body.items.map((e) => LoanEvent.parse(e).id));
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(stored.map((e) => e.id));
    const first = (await call(f.w.app, 'GET', `/api/v1/loans/${f.loanId}/events`, { cookie: f.manager })).body.items[0];
    expect(first).toMatchObject({ businessDate: '2026-03-01', fromValue: expect.anything() });
    for (const bad of ['2026-02-30~5', 'x', '2026-03-01~', '2026-03-01~1e3']) {
      const reply = await call(f.w.app, 'GET', `/api/v1/loans/${f.loanId}/events?cursor=${encodeURIComponent(bad)}`, { cookie: f.manager });
      expect(reply.status, bad).toBe(400);
    }
    expect((await call(f.w.app, 'GET', '/api/v1/loans/999999/events', { cookie: f.manager })).status).toBe(404);
  });

  it('gives the status history, a row per change, with DPD at each end', async () => {
    const f = await setup();
    const reply = await call(f.w.app, 'GET', `/api/v1/loans/${f.loanId}/history`, { cookie: f.manager });
    expect(reply.status).toBe(200);
    const history = LoanStatusHistory.parse(reply.body);
    expect(history.asOf).toBe('2026-03-30');
    expect(history.items.map((h) => [h.validFrom, h.validTo, h.bucket, h.riskClass, h.dpdFrom, h.dpdTo])).toEqual([
      ['2026-03-01', null, 'M1', 'special_mention', 1, 30],
      ['2026-02-27', '2026-02-28', 'M0', 'normal', 0, 0],
    ]);
  });
});

import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeBusinessDate } from '../../src/jobs/close-of-business.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;

/** Maker-checker, authority by size, a position that moved, and a rejection: one M2 loan of BJ each. */
describeEachDatabase('restructuring approval', (ctx) => {
  it('refuses the maker as checker, an approver over their limit and a loan changed since the request; rejects with a reason', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app } = w;
    const loans = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id)];
    await setBusinessDate(ctx.database, '2026-03-14');
    await closeBusinessDate(db, d('2026-03-14'));
    const manager = await w.session('BJ', ['branch_manager']);
    const other = await w.session('BJ', ['branch_manager']);
    const risk = await w.session('HO', ['risk_officer']);
    const request = async (loanId: number, terms: object) => {
      const a = await call(app, 'POST', `/api/v1/loans/${loanId}/hardship-assessments`, { cookie: manager.cookie, body: { cause: 'business_downturn', incomeNowFen: 800_000, willingness: 'some' } });
      const r = await call(app, 'POST', `/api/v1/loans/${loanId}/restructurings`, { cookie: manager.cookie, body: { terms, hardshipAssessmentId: a.body.id, reason: '经营困难 downturn' } });
      expect(r.status).toBe(201);
      return r.body.id as number;
    };

    const twelve = await request(loans[0]!, { extensionMonths: 12 });
    const own = await call(app, 'POST', `/api/v1/restructurings/${twelve}/approve`, { cookie: manager.cookie, headers: { 'accept-language': 'en-US' }, body: { reason: 'ok' } });
    expect([own.status, own.body.detail]).toEqual([403, 'the person who made a request cannot approve it']);
    const over = await call(app, 'POST', `/api/v1/restructurings/${twelve}/approve`, { cookie: other.cookie, headers: { 'accept-language': 'en-US' }, body: { reason: 'ok' } });
    expect(over.status).toBe(403);
    expect(over.body.detail).toMatch(/^over your approval limit: 0 fen waived \(limit 5000000\), 12 months added \(limit 6\)/);
    const byRisk = await call(app, 'POST', `/api/v1/restructurings/${twelve}/approve`, { cookie: risk.cookie, body: { reason: '总行审批 head office' } });
    expect(byRisk.status).toBe(200);
    const decided = await db.selectFrom('restructuring').select(['decided_role', 'status']).where('id', '=', twelve).executeTakeFirstOrThrow();
    expect(decided).toEqual({ decided_role: 'risk_officer', status: 'approved' });
    const again = await call(app, 'POST', `/api/v1/restructurings/${twelve}/approve`, { cookie: other.cookie, body: { reason: 'again' } });
    expect(again.status).toBe(409);

    // a payment after the request changes the position on the change date: approval refused
    const moved = await request(loans[1]!, { extensionMonths: 3 });
    await postRepayment(db, { userId: null, name: 'test' }, loans[1]!, { externalId: `late-${ctx.kind}`, valueDate: d('2026-03-15'), amountFen: 100_000, channel: 'counter' });
    const stale = await call(app, 'POST', `/api/v1/restructurings/${moved}/approve`, { cookie: other.cookie, body: { reason: 'ok' } });
    expect(stale.status).toBe(409);
    expect(await db.selectFrom('loan').select('schedule_version').where('id', '=', loans[1]!).executeTakeFirstOrThrow()).toEqual({ schedule_version: 1 });

    const rejected = await call(app, 'POST', `/api/v1/restructurings/${moved}/reject`, { cookie: other.cookie, body: { reason: '还款能力未核实 not verified' } });
    expect(rejected.status).toBe(200);
    const noReason = await call(app, 'POST', `/api/v1/restructurings/${await request(loans[2]!, { waivePenalty: 'all' })}/reject`, { cookie: other.cookie, body: {} });
    expect(noReason.status).toBe(400);
    const audit = await db.selectFrom('audit_log').select(['action', 'reason']).where('action', 'in', ['restructuring.approve', 'restructuring.reject']).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'restructuring.approve', reason: '总行审批 head office' }, { action: 'restructuring.reject', reason: '还款能力未核实 not verified' }]);

    const inbox = await call(app, 'GET', '/api/v1/restructurings?status=pending', { cookie: other.cookie });
    expect(inbox.body.items.map((x: { loanId: number }) => x.loanId)).toEqual([loans[2]]);
  });
});

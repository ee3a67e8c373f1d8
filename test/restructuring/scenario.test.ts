import { expect, it } from 'vitest';
import { type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { outstanding, replayLedger } from '../../src/domain/loan-ledger.js';
import { closeBusinessDate } from '../../src/jobs/close-of-business.js';
import { loadLedger } from '../../src/modules/loans/ledger.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { runRestructuringForDate } from '../../src/modules/restructuring/observe.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };

/**
 * A loan officer's notebook, branch BJ: 100,000.00 at 6 % over 36 months, 3,042.19 due on the last
 * day of each month from 2026-01-31. The borrower falls ill and misses January and February: on
 * 2026-03-15 the loan is M2 (43 days past due), 关注.
 */
describeEachDatabase('restructuring scenario: an M2 borrower with an illness', (ctx) => {
  it('gets a 6-month extension approved within the branch quota; the floor holds; a miss in month 4 restarts the observation; the quota refuses the next', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app } = w;
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    const other = await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-03-14');
    await closeBusinessDate(db, d('2026-03-14'));
    // head office gives branch BJ a quota of one restructuring a month from today (data, through the API)
    const headOffice = await w.session('HO', ['risk_officer']);
    const quota = await call(app, 'PUT', `/api/v1/restructuring-limits/quotas/${w.branches.BJ.id}`, { cookie: headOffice.cookie, body: { maxCount: 1, maxWaivedFen: 1_000_000, reason: '试点分行 pilot branch' } });
    expect(quota.status).toBe(200);
    const before = await db.selectFrom('loan_status').selectAll().where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    expect([before.bucket, before.risk_class, before.stage]).toEqual(['M2', 'special_mention', 2]);

    const collector = await w.session('BJ', ['collector']);
    const manager = await w.session('BJ', ['branch_manager']);
    const assessment = await call(app, 'POST', `/api/v1/loans/${loanId}/hardship-assessments`, {
      cookie: collector.cookie,
      body: { cause: 'illness', evidence: ['住院证明 hospital record 2026-01-20'], incomeNowFen: 600_000, willingness: 'strong' },
    });
    expect(assessment.status).toBe(201);
    expect(assessment.body).toMatchObject({ eligible: true, incomeAtApplicationFen: 1_500_000, flags: [{ code: 'no_contact_history' }] });
    expect(assessment.body.suggested).toEqual(expect.arrayContaining(['extension', 'capitaliseArrears', 'waivePenalty']));

    const terms = { extensionMonths: 6, capitaliseArrears: true, waivePenalty: 'all' };
    const preview = await call(app, 'POST', `/api/v1/loans/${loanId}/restructurings/preview`, { cookie: collector.cookie, body: { terms } });
    expect(preview.status).toBe(200);
    const p = preview.body;
    expect(p.position).toMatchObject({ effectiveOn: '2026-03-15', nextDueDate: '2026-03-31', remainingInstallments: 34, maturity: '2028-12-31' });
    expect(p.position.arrears.principalFen).toBe(p.oldSchedule[0].principalFen + p.oldSchedule[1].principalFen);
    expect(p.position.arrears.penaltyFen).toBeGreaterThan(0);
    expect(p.comparison).toMatchObject({ oldMaturity: '2028-12-31', newMaturity: '2029-06-30' });
    expect(p.comparison.interestDifferenceFen).toBeGreaterThan(0);
    expect(p.newSchedule).toHaveLength(2 + 40);
    expect(p.newSchedule.slice(0, 2)).toEqual(p.oldSchedule.slice(0, 2));
    // principal conserved: what is re-amortised is the principal not yet due plus the capitalised arrears
    const newPrincipal = p.newSchedule.slice(2).reduce((s: number, i: { principalFen: number }) => s + i.principalFen, 0);
    expect(newPrincipal).toBe(p.position.remainingPrincipalFen + p.position.arrears.principalFen + p.position.arrears.interestFen);
    expect(p.size).toEqual({ waivedFen: p.position.arrears.penaltyFen, extraMonths: 6 });
    expect(await db.selectFrom('restructuring').select('id').execute()).toHaveLength(0);

    // the maker may not check; a manager's own request is no different
    const made = await call(app, 'POST', `/api/v1/loans/${loanId}/restructurings`, {
      cookie: collector.cookie,
      body: { terms, hardshipAssessmentId: assessment.body.id, reason: '客户住院，收入下降 illness, income down', positionHash: p.positionHash },
    });
    expect(made.status).toBe(201);
    const own = await call(app, 'POST', `/api/v1/restructurings/${made.body.id}/approve`, { cookie: collector.cookie, body: { reason: '同意 agreed' } });
    expect(own.status).toBe(403);

    const approved = await call(app, 'POST', `/api/v1/restructurings/${made.body.id}/approve`, { cookie: manager.cookie, body: { reason: '病假证明属实 evidence checked' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', fromVersion: 1, toVersion: 2, classFloor: 'special_mention', observationStart: '2026-03-31', observationEarliestEnd: '2027-03-30' });

    // the old version stays readable; the replay of the new one on the change date owes the old
    // position less what was capitalised and waived
    expect(await db.selectFrom('installment').select('seq').where('loan_id', '=', loanId).where('version', '=', 1).execute()).toHaveLength(36);
    const ledger = await loadLedger(db, loanId);
    const after = outstanding(replayLedger(ledger.terms, ledger.repayments, d('2026-03-15')));
    expect(after.overduePrincipalFen).toBe(p.position.arrears.principalFen - p.capitalised.principalFen);
    expect(after.overdueInterestFen).toBe(p.position.arrears.interestFen - p.capitalised.interestFen);
    expect(after.penaltyFen).toBe(p.position.arrears.penaltyFen - p.waivedPenaltyFen);
    expect(after.principalFen).toBe(newPrincipal);
    const adjustments = await db.selectFrom('ledger_adjustment').select(['cause', 'amount_fen']).where('loan_id', '=', loanId).execute();
    expect(adjustments.filter((a) => a.cause === 'waived').reduce((s, a) => s + a.amount_fen, 0)).toBe(p.waivedPenaltyFen);
    const audit = await db.selectFrom('audit_log').select(['action', 'reason']).where('entity_type', '=', 'restructuring').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['restructuring.request', 'restructuring.approve']);

    // close of business: arrears cleared, yet 关注 and stage 2 while observed
    await closeBusinessDate(db, d('2026-03-15'));
    const floored = await db.selectFrom('loan_status').selectAll().where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    expect([floored.dpd, floored.risk_class, floored.stage]).toEqual([0, 'special_mention', 2]);
    expect(await runRestructuringForDate(db, d('2026-03-15'))).toEqual({ observed: 1, restarted: 0, ended: 0 });

    // the branch's quota for March is used: the next request is refused, with the quota's words
    const second = await call(app, 'POST', `/api/v1/loans/${other}/hardship-assessments`, { cookie: collector.cookie, body: { cause: 'job_loss', incomeNowFen: 0, willingness: 'some' } });
    const refused = await call(app, 'POST', `/api/v1/loans/${other}/restructurings`, {
      cookie: collector.cookie,
      headers: { 'accept-language': 'en-US' },
      body: { terms: { extensionMonths: 3 }, hardshipAssessmentId: second.body.id, reason: 'lost job' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('the branch has used its 2026-03 quota of restructurings (1 of 1)');
    expect(await db.selectFrom('restructuring').select('id').where('loan_id', '=', other).execute()).toEqual([]);

    // months 1-3 paid on the new due dates, month 4 (2026-06-30) missed
    const newDue = p.newSchedule.slice(2, 6) as Array<{ dueDate: BusinessDate; paymentFen: number }>;
    await setBusinessDate(ctx.database, '2026-06-29');
    for (const [k, inst] of newDue.slice(0, 3).entries()) {
      await postRepayment(db, who, loanId, { externalId: `pay-${ctx.kind}-${k}`, valueDate: inst.dueDate, amountFen: inst.paymentFen, channel: 'bank_transfer' });
    }
    await closeBusinessDate(db, d('2026-06-29'));
    expect(await runRestructuringForDate(db, d('2026-06-29'))).toEqual({ observed: 1, restarted: 0, ended: 0 });
    await setBusinessDate(ctx.database, '2026-07-01');
    await closeBusinessDate(db, d('2026-07-01'));
    expect(await runRestructuringForDate(db, d('2026-07-01'))).toEqual({ observed: 1, restarted: 1, ended: 0 });
    const report = await call(app, 'GET', `/api/v1/restructurings?status=observed&branchId=${w.branches.BJ.id}`, { cookie: manager.cookie });
    expect(report.status).toBe(200);
    expect(report.body.items).toHaveLength(1);
    expect(report.body.items[0]).toMatchObject({ loanId, observed: true, observationStart: '2026-07-31', observationEarliestEnd: '2027-07-30', observationMissed: ['2026-06-30'], classFloor: 'special_mention', stageFloor: 2 });
    const broken = await db.selectFrom('loan_event').select('kind').where('loan_id', '=', loanId).where('kind', 'in', ['restructured', 'restructuring_broken']).orderBy('id').execute();
    expect(broken.map((e) => e.kind)).toEqual(['restructured', 'restructuring_broken']);
    const status = await db.selectFrom('loan_status').selectAll().where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    expect([status.risk_class, status.stage]).toEqual(['special_mention', 2]);

    // reported apart from the rest of the book: the restarted period, its floor and the loan's status
    const restructured = await call(app, 'GET', `/api/v1/restructured-loans?branchId=${w.branches.BJ.id}`, { cookie: manager.cookie });
    expect(restructured.body.summary).toMatchObject({ restructured: { count: 1 }, rest: { count: 1 } });
    expect(restructured.body.items).toEqual([
      expect.objectContaining({ loanId, options: ['extension', 'capitaliseArrears', 'waivePenalty'], effectiveOn: '2026-03-15', decidedOn: '2026-03-15', newMaturity: '2029-06-30', observationStart: '2026-07-31', observationMissed: ['2026-06-30'], classFloor: 'special_mention', status: expect.objectContaining({ riskClass: 'special_mention', stage: 2 }) }),
    ]);
    // the month of the miss is July's quota: a request there is measured against a fresh count
    const july = await call(app, 'GET', '/api/v1/restructuring-limits', { cookie: manager.cookie });
    expect(july.body.branches.find((b: { branchId: number }) => b.branchId === w.branches.BJ.id)).toMatchObject({ maxCount: 1, inherited: false, usedCount: 0 });
  });
});

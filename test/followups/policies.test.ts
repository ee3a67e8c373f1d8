import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { HEAD_OFFICE_POLICY } from '../../src/domain/followups/policy.js';
import { runFollowUpsForDate } from '../../src/modules/followups/tasks.js';
import { describeEachDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';
import { disburse } from './support.js';

const reason = '分行从严 branch tightens';
/** HEAD_OFFICE_POLICY as a publish body: version and date are the server's (undefined drops out of JSON). */
const policy = { ...HEAD_OFFICE_POLICY, version: undefined, effectiveFrom: undefined };

describeEachDatabase('follow-up policy: head office standard, branches may only tighten', (ctx) => {
  it('the seeded head-office version is HEAD_OFFICE_POLICY, and every value of a branch without overrides comes from it', async () => {
    const w = await buildWorld(ctx.database);
    const row = await ctx.database.db.selectFrom('followup_policy').select(['version', 'effective_from', 'document']).execute();
    expect(row).toEqual([{ version: 1, effective_from: '2026-01-01', document: HEAD_OFFICE_POLICY }]);
    const agent = await w.session('BJ', ['followup_agent']);
    const got = await call(w.app, 'GET', `/api/v1/followup-policies/effective?branchId=${w.branches['BJ-T1'].id}&date=2026-03-01`, { cookie: agent.cookie });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ branchId: w.branches['BJ-T1'].id, asOf: '2026-03-01', headOfficeVersion: 1, policy: HEAD_OFFICE_POLICY, ignored: [] });
    expect(got.body.sources.find((s: { path: string }) => s.path === 'periodicMonthsByGrade.E')).toEqual({ path: 'periodicMonthsByGrade.E', value: 1, source: { from: 'head_office', version: 1 } });
    expect(new Set(got.body.sources.map((s: { source: { from: string } }) => s.source.from))).toEqual(new Set(['head_office']));
    // before the first version nothing is in force
    expect((await call(w.app, 'GET', `/api/v1/followup-policies/effective?branchId=${w.branches.BJ.id}&date=2025-12-31`, { cookie: agent.cookie })).status).toBe(404);
  });

  it('a branch tightens; its team inherits and may tighten further, never loosen; loosened fields are refused by name in both languages', async () => {
    const w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2026-03-01');
    const bjManager = await w.session('BJ', ['branch_manager']);
    const tightened = await call(w.app, 'POST', `/api/v1/followup-policies/branches/${w.branches.BJ.id}`, {
      cookie: bjManager.cookie,
      body: { override: { afterDisbursementDays: 3, periodicMonthsByGrade: { C: 2 }, fieldVisit: { exposureFromFen: 30_000_000 } }, reason },
    });
    expect(tightened.status).toBe(201);
    expect(tightened.body).toMatchObject({ branchId: w.branches.BJ.id, effectiveFrom: '2026-03-01', policy: { afterDisbursementDays: 3, periodicMonthsByGrade: { C: 2, E: 1 } } });

    const team = await call(w.app, 'GET', `/api/v1/followup-policies/effective?branchId=${w.branches['BJ-T1'].id}`, { cookie: bjManager.cookie });
    expect(team.body.policy).toMatchObject({ afterDisbursementDays: 3, slaDays: 5, periodicMonthsByGrade: { C: 2 }, fieldVisit: { exposureFromFen: 30_000_000 } });
    const sourceOf = (path: string) => team.body.sources.find((s: { path: string }) => s.path === path).source;
    expect(sourceOf('afterDisbursementDays')).toMatchObject({ from: 'branch', branchCode: 'BJ', overrideId: tightened.body.id });
    expect(sourceOf('slaDays')).toEqual({ from: 'head_office', version: 1 });

    // the team asks for 5 days (tighter than head office's 7, laxer than BJ's 3) and a 9-day SLA
    const loosen = { override: { afterDisbursementDays: 5, slaDays: 9, fieldVisit: { grades: ['E'] } }, reason };
    const refused = await call(w.app, 'POST', `/api/v1/followup-policies/branches/${w.branches['BJ-T1'].id}`, { cookie: bjManager.cookie, body: loosen });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ type: 'urn:daihou:problem:validation', title: '请求参数不合法', detail: '分行只能收紧继承的回访标准，不能放宽' });
    expect(refused.body.errors).toEqual([
      { field: 'override.afterDisbursementDays', message: 'afterDisbursementDays 不能比总行标准宽松（总行 3，分行 5）' },
      { field: 'override.slaDays', message: 'slaDays 不能比总行标准宽松（总行 5，分行 9）' },
      { field: 'override.fieldVisit.grades', message: 'fieldVisit.grades 不能比总行标准宽松（总行 D,E，分行 E）' },
    ]);
    const inEnglish = await call(w.app, 'POST', `/api/v1/followup-policies/branches/${w.branches['BJ-T1'].id}`, { cookie: bjManager.cookie, body: loosen, headers: { 'accept-language': 'en-US' } });
    expect(inEnglish.body.title).toBe('The request is not valid');
    expect(inEnglish.body.errors[0]).toEqual({ field: 'override.afterDisbursementDays', message: 'afterDisbursementDays may not be laxer than head office (head office 3, branch 5)' });
    expect(await ctx.database.db.selectFrom('followup_policy_override').select('branch_id').execute()).toEqual([{ branch_id: w.branches.BJ.id }]);

    const teamTighter = await call(w.app, 'POST', `/api/v1/followup-policies/branches/${w.branches['BJ-T1'].id}`, { cookie: bjManager.cookie, body: { override: { afterDisbursementDays: 2 }, reason } });
    expect(teamTighter.status).toBe(201);

    // another branch is out of reach, and so is head office's own standard
    expect((await call(w.app, 'POST', `/api/v1/followup-policies/branches/${w.branches.SH.id}`, { cookie: bjManager.cookie, body: { override: { slaDays: 3 }, reason } })).body.type).toBe('urn:daihou:problem:out-of-scope');
    expect((await call(w.app, 'POST', '/api/v1/followup-policies', { cookie: bjManager.cookie, body: { ...policy, reason } })).body.type).toBe('urn:daihou:problem:out-of-scope');

    // the branch's policy decides when its new loans are due: BJ-T1 within 2 days, BJ within 3, SH within 7
    const loans = {
      team: (await disburse(ctx.database.db, w.branches['BJ-T1'].id, '2026-03-01', { firstDue: '2026-04-01' })).loanId,
      branch: (await disburse(ctx.database.db, w.branches.BJ.id, '2026-03-01', { firstDue: '2026-04-01' })).loanId,
      other: (await disburse(ctx.database.db, w.branches.SH.id, '2026-03-01', { firstDue: '2026-04-01' })).loanId,
    };
    await runFollowUpsForDate(ctx.database.db, parseBusinessDate('2026-03-01'));
    const due = await ctx.database.db.selectFrom('followup_task').select(['loan_id', 'done_by']).where('kind', '=', 'post_disbursement').execute();
    const doneBy = new Map(due.map((d) => [d.loan_id, d.done_by]));
    expect([doneBy.get(loans.team), doneBy.get(loans.branch), doneBy.get(loans.other)]).toEqual(['2026-03-03', '2026-03-04', '2026-03-08']);
  });

  it('head office publishes a stricter version; an older branch override that is now laxer is ignored, not applied, and shown', async () => {
    const w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2026-03-01');
    const risk = await w.session('HO', ['risk_officer']);
    const shManager = await w.session('SH', ['branch_manager']);
    expect((await call(w.app, 'POST', `/api/v1/followup-policies/branches/${w.branches.SH.id}`, { cookie: shManager.cookie, body: { override: { slaDays: 4, afterDisbursementDays: 6 }, reason } })).status).toBe(201);
    const early = await call(w.app, 'POST', '/api/v1/followup-policies', { cookie: risk.cookie, body: { ...policy, slaDays: 3, effectiveFrom: '2026-02-01', reason: '总行从严 stricter' } });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ field: 'effectiveFrom', message: 'the effective date cannot be before the business date 2026-03-01' }]);
    const published = await call(w.app, 'POST', '/api/v1/followup-policies', { cookie: risk.cookie, body: { ...policy, slaDays: 3, effectiveFrom: '2026-04-01', reason: '总行从严 stricter' } });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, effectiveFrom: '2026-04-01', policy: { version: 2, slaDays: 3 } });

    const on = async (date: string) => (await call(w.app, 'GET', `/api/v1/followup-policies/effective?branchId=${w.branches.SH.id}&date=${date}`, { cookie: shManager.cookie })).body;
    expect((await on('2026-03-31')).policy).toMatchObject({ version: 1, slaDays: 4, afterDisbursementDays: 6 });
    const april = await on('2026-04-01');
    expect(april.policy).toMatchObject({ version: 2, slaDays: 3, afterDisbursementDays: 6 });
    expect(april.ignored).toEqual([
      { path: 'slaDays', branchCode: 'SH', overrideId: expect.any(Number), zh: 'slaDays 不能比总行标准宽松（总行 3，分行 4）', en: 'slaDays may not be laxer than head office (head office 3, branch 4)' },
    ]);
    expect(april.sources.find((s: { path: string }) => s.path === 'slaDays').source).toEqual({ from: 'head_office', version: 2 });
    // versions and overrides are documents: never changed, only followed by new ones
    await expect(sql`UPDATE followup_policy SET effective_from = '2026-01-02' WHERE version = 1`.execute(ctx.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM followup_policy_override`.execute(ctx.database.db)).rejects.toThrow(/append-only/);
  });
});

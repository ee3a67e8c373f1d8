import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeBusinessDate } from '../../src/jobs/close-of-business.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;
const en = { 'accept-language': 'en-US' };

/**
 * Head office changes a branch manager's authority and a branch's quota as versioned data; the
 * inbox shows each pending request with the amounts that decide who may approve it; the detail
 * previews old against new schedule; approval leaves both schedule versions readable.
 */
describeEachDatabase('restructuring limits as data, the approval inbox and the loan history', (ctx) => {
  it('versions limits from the business date, refuses branch users and backdating, and measures requests against them', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app } = w;
    const bjLoan = await makeLoan(ctx.database, w.branches.BJ.id);
    const shLoan = await makeLoan(ctx.database, w.branches.SH.id);
    await setBusinessDate(ctx.database, '2026-03-14');
    await closeBusinessDate(db, d('2026-03-14'));
    const hoRisk = await w.session('HO', ['risk_officer']);
    const bjRisk = await w.session('BJ', ['risk_officer']);
    const maker = await w.session('BJ', ['collector']);
    const checker = await w.session('BJ', ['branch_manager']);
    const shMaker = await w.session('SH', ['branch_manager']);

    // only head office sets limits, from the business date on, never before
    const body = { maxWaivedFen: 1_000_000, maxExtraMonths: 3, reason: '收紧授权 tighter authority' };
    expect((await call(app, 'PUT', '/api/v1/restructuring-limits/authority/branch_manager', { cookie: checker.cookie, body })).body.type).toBe('urn:daihou:problem:forbidden');
    expect((await call(app, 'PUT', '/api/v1/restructuring-limits/authority/branch_manager', { cookie: bjRisk.cookie, body })).body.type).toBe('urn:daihou:problem:out-of-scope');
    const backdated = await call(app, 'PUT', '/api/v1/restructuring-limits/authority/branch_manager', { cookie: hoRisk.cookie, headers: en, body: { ...body, effectiveFrom: '2026-03-01' } });
    expect([backdated.status, backdated.body.errors?.[0]?.field]).toEqual([400, 'effectiveFrom']);
    expect((await call(app, 'PUT', '/api/v1/restructuring-limits/authority/collector', { cookie: hoRisk.cookie, body })).status).toBe(400);
    const now = await call(app, 'PUT', '/api/v1/restructuring-limits/authority/branch_manager', { cookie: hoRisk.cookie, body });
    expect(now.body).toMatchObject({ role: 'branch_manager', maxExtraMonths: 3, effectiveFrom: '2026-03-15' });
    const later = await call(app, 'PUT', '/api/v1/restructuring-limits/authority/branch_manager', { cookie: hoRisk.cookie, body: { ...body, maxExtraMonths: 12, effectiveFrom: '2026-04-01', reason: '四月起放宽 from April' } });
    expect(later.status).toBe(200);
    const quota = await call(app, 'PUT', `/api/v1/restructuring-limits/quotas/${w.branches.BJ.id}`, { cookie: hoRisk.cookie, body: { maxCount: 5, maxWaivedFen: 500_000, reason: '分行额度 branch quota' } });
    expect(quota.status).toBe(200);

    const limits = await call(app, 'GET', '/api/v1/restructuring-limits', { cookie: checker.cookie });
    const managerVersions = limits.body.authority.filter((v: { role: string }) => v.role === 'branch_manager').map((v: { maxExtraMonths: number; state: string }) => [v.maxExtraMonths, v.state]);
    expect(managerVersions).toEqual([[6, 'superseded'], [3, 'in_force'], [12, 'scheduled']]);
    expect(limits.body.branches.map((b: { branchCode: string; maxCount: number; inherited: boolean; setOnBranchCode: string }) => [b.branchCode, b.maxCount, b.inherited, b.setOnBranchCode])).toEqual([
      ['BJ', 5, false, 'BJ'],
      ['BJ-T1', 5, true, 'BJ'],
    ]);
    const audit = await db.selectFrom('audit_log').select(['action', 'reason']).where('action', 'like', 'restructuring.%.set').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'restructuring.authority.set', reason: '收紧授权 tighter authority' },
      { action: 'restructuring.authority.set', reason: '四月起放宽 from April' },
      { action: 'restructuring.quota.set', reason: '分行额度 branch quota' },
    ]);

    // a six-month extension: past the manager's limit in force today
    const request = async (cookie: string, loanId: number, terms: object) => {
      const a = await call(app, 'POST', `/api/v1/loans/${loanId}/hardship-assessments`, { cookie, body: { cause: 'illness', evidence: ['住院证明'], incomeNowFen: 500_000, willingness: 'strong' } });
      const r = await call(app, 'POST', `/api/v1/loans/${loanId}/restructurings`, { cookie, body: { terms, hardshipAssessmentId: a.body.id, reason: '住院 in hospital' } });
      expect(r.status).toBe(201);
      return r.body.id as number;
    };
    const six = await request(maker.cookie, bjLoan, { extensionMonths: 6 });
    await request(shMaker.cookie, shLoan, { extensionMonths: 3 });
    const inbox = await call(app, 'GET', '/api/v1/restructurings/inbox', { cookie: checker.cookie });
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({
      id: six,
      loanId: bjLoan,
      extraMonths: 6,
      waivedFen: 0,
      cause: 'illness',
      requestedBy: expect.any(String),
      approver: { ok: false, code: 'over-limit', maxExtraMonths: 3 },
      quota: { maxCount: 5, usedCount: 0, ok: true },
    });
    const refused = await call(app, 'POST', `/api/v1/restructurings/${six}/approve`, { cookie: checker.cookie, headers: en, body: { reason: 'ok' } });
    expect([refused.status, refused.body.detail]).toEqual([403, 'over your approval limit: 0 fen waived (limit 1000000), 6 months added (limit 3); refer it upward']);

    // the detail previews old against new before anyone decides; head office may approve it
    const detail = await call(app, 'GET', `/api/v1/restructurings/${six}`, { cookie: hoRisk.cookie });
    expect(detail.body).toMatchObject({ status: 'pending', stale: false, assessment: { cause: 'illness', evidence: ['住院证明'] }, pending: { approver: { ok: true, role: 'risk_officer' } } });
    expect(detail.body.newSchedule).toHaveLength(detail.body.oldSchedule.length + 6);
    const approved = await call(app, 'POST', `/api/v1/restructurings/${six}/approve`, { cookie: hoRisk.cookie, body: { reason: '总行批准 head office approves' } });
    expect(approved.body).toMatchObject({ status: 'approved', fromVersion: 1, toVersion: 2 });
    expect((await call(app, 'GET', '/api/v1/restructurings/inbox', { cookie: checker.cookie })).body.items).toEqual([]);

    // the loan's history keeps both versions; the approved detail shows them side by side
    const history = await call(app, 'GET', `/api/v1/loans/${bjLoan}/restructurings`, { cookie: maker.cookie });
    expect(history.body.currentVersion).toBe(2);
    expect(history.body.versions.map((v: { version: number; cause: string; current: boolean; installments: unknown[] }) => [v.version, v.cause, v.current, v.installments.length])).toEqual([
      [1, 'origination', false, 36],
      [2, 'restructuring', true, 42],
    ]);
    expect(history.body.restructurings).toEqual([expect.objectContaining({ id: six, status: 'approved', decisionReason: '总行批准 head office approves' })]);
    const after = await call(app, 'GET', `/api/v1/restructurings/${six}`, { cookie: maker.cookie });
    expect([after.body.oldSchedule.length, after.body.newSchedule.length, after.body.pending]).toEqual([36, 42, null]);

    // the restructured-loans report and its CSV, in the caller's scope only
    const report = await call(app, 'GET', '/api/v1/restructured-loans', { cookie: checker.cookie });
    expect(report.body.items.map((i: { loanId: number; options: string[] }) => [i.loanId, i.options])).toEqual([[bjLoan, ['extension']]]);
    const csv = await app.request('/api/v1/restructured-loans/export', { headers: { cookie: checker.cookie, ...en } });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // the byte-order mark, so Excel reads UTF-8 (Response.text() would drop it)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(text.split('\r\n')[0]).toBe('Loan,Branch,Options,Change date,Approved on,Old maturity,New maturity,Waived (yuan),Observation from,Earliest end,Missed due dates,Observation ended,Class floor,Class now,Stage,DPD,Principal outstanding (yuan)');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(text).toContain(',2026-03-15,2026-03-15,2028-12-31,2029-06-30,');
  });
});

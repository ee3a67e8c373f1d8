import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { createBranch } from '../../src/modules/org/branches.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;

/**
 * Ten loans fall due on 2026-01-31 and are not paid. BJ works its three; SH has a collector who
 * calls nobody (and one call at 23:00 that the guard refuses) and one loan on a dispute hold; GZ
 * has nobody at all. On 2026-02-10 the watchdog must catch every neglected loan, with its reason.
 */
describeEachDatabase('the coverage watchdog (逾期不催收)', (ctx) => {
  it('catches every loan a branch neglects, says why, escalates each to its managers, and counts the rest', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app, clock } = w;
    const gz = await createBranch(db, { userId: null, name: 'setup' }, { code: 'GZ', nameZh: '广州分行', nameEn: 'Guangzhou', kind: 'branch', parentId: w.branches.HO.id });
    const bjCollector = await w.session('BJ-T1', ['collector']);
    const shCollector = await w.session('SH', ['collector']);
    const hoManager = await w.session('HO', ['branch_manager']);
    const shManager = await w.session('SH', ['branch_manager']);
    const bjManager = await w.session('BJ', ['branch_manager']);
    for (const c of [bjCollector, shCollector]) {
      expect((await call(app, 'PUT', `/api/v1/users/${c.user.id}/collector-profile`, { cookie: hoManager.cookie, body: { skills: [], trainingValidUntil: '2026-12-31' } })).status).toBe(200);
    }
    const loansOf = async (branchId: number, n: number) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) ids.push(await makeLoan(ctx.database, branchId));
      return ids;
    };
    const bj = await loansOf(w.branches.BJ.id, 3);
    const sh = await loansOf(w.branches.SH.id, 5);
    const gzLoans = await loansOf(gz.id, 2);
    await setBusinessDate(ctx.database, '2026-02-01');
    await closeThrough(db, d('2026-02-01'));
    await runCollectionsForDate(db, d('2026-02-01'), { batch: 2 });
    const caseOf = async (loanId: number) => (await db.selectFrom('collection_case').select('id').where('loan_id', '=', loanId).where('closed_on', 'is', null).executeTakeFirstOrThrow()).id;
    const at = (local: string) => clock.advanceMinutes((Date.parse(`${local}+08:00`) - clock.now().getTime()) / 60_000);

    // 02-02: SH puts one loan on a dispute hold until March.
    at('2026-02-02T11:00:00');
    expect((await call(app, 'POST', `/api/v1/loans/${sh[4]}/holds`, { cookie: shCollector.cookie, body: { kind: 'dispute', reason: '客户称已提前结清', until: '2026-03-01T00:00:00+08:00' } })).status).toBe(201);
    // 02-05: BJ calls each of its borrowers; SH tries one, at 23:00, and is refused.
    at('2026-02-05T10:00:00');
    for (const loanId of bj) {
      const r = await call(app, 'POST', `/api/v1/cases/${await caseOf(loanId)}/contacts`, { cookie: bjCollector.cookie, body: { channel: 'call', party: 'borrower', outcome: 'right_party' } });
      expect(r.status).toBe(201);
    }
    at('2026-02-05T23:00:00');
    expect((await call(app, 'POST', `/api/v1/cases/${await caseOf(sh[3]!)}/contacts`, { cookie: shCollector.cookie, body: { channel: 'call', party: 'borrower', outcome: 'no_answer' } })).status).toBe(409);

    await closeThrough(db, d('2026-02-10'));
    const steps = await runCollectionsForDate(db, d('2026-02-10'), { batch: 2 });
    expect(steps.find((s) => s.step === 'coverage')?.detail).toMatchObject({ overdue: 10, uncovered: 6, escalated: 6 });

    const report = (await call(app, 'GET', '/api/v1/coverage', { cookie: hoManager.cookie })).body;
    expect(report.businessDate).toBe('2026-02-10');
    const reasons = Object.fromEntries(report.uncovered.map((u: { loanId: number; reasons: string[] }) => [u.loanId, u.reasons]));
    expect(reasons).toEqual({
      [gzLoans[0]!]: ['no_owner', 'no_attempt'],
      [gzLoans[1]!]: ['no_owner', 'no_attempt'],
      [sh[0]!]: ['no_attempt'],
      [sh[1]!]: ['no_attempt'],
      [sh[2]!]: ['no_attempt'],
      [sh[3]!]: ['only_blocked_attempts'],
    });
    expect(report.total).toMatchObject({ overdue: 10, covered: 3, held: 1, uncovered: 6, rate: 0.4 });
    const branch = (code: string) => report.summaries.find((s: { level: string; unit: string }) => s.level === 'branch' && s.unit === code);
    expect(branch('BJ')).toMatchObject({ overdue: 3, covered: 3, uncovered: 0, rate: 1 });
    expect(branch('SH')).toMatchObject({ overdue: 5, held: 1, uncovered: 4, byReason: { no_attempt: 3, only_blocked_attempts: 1, no_owner: 0 } });
    expect(branch('GZ')).toMatchObject({ overdue: 2, uncovered: 2, rate: 0, byReason: { no_owner: 2, no_attempt: 2 } });
    expect(report.summaries.find((s: { level: string; unitId: number }) => s.level === 'collector' && s.unitId === shCollector.user.id)).toMatchObject({ overdue: 5, uncovered: 4 });
    expect(report.summaries.find((s: { level: string; unitId: number }) => s.level === 'team' && s.unitId === w.branches['BJ-T1'].id)).toMatchObject({ overdue: 3, covered: 3 });

    // each branch sees its own, and its managers get one escalation per neglected loan
    const shView = (await call(app, 'GET', '/api/v1/coverage', { cookie: shManager.cookie })).body;
    expect(shView.uncovered.map((u: { branchCode: string }) => u.branchCode)).toEqual(['SH', 'SH', 'SH', 'SH']);
    expect((await call(app, 'GET', `/api/v1/coverage?branchId=${w.branches.SH.id}`, { cookie: bjManager.cookie })).status).toBe(403);
    const escalations = await db.selectFrom('collection_task').select(['loan_id', 'branch_id', 'for_role']).where('kind', '=', 'escalation').orderBy('loan_id').execute();
    expect(escalations.map((e) => e.loan_id)).toEqual([...sh.slice(0, 4), ...gzLoans].sort((x, y) => x - y));
    expect(new Set(escalations.map((e) => e.for_role))).toEqual(new Set(['branch_manager']));
    at('2026-02-11T09:00:00');
    const claimed = (await call(app, 'GET', '/api/v1/queue/next', { cookie: shManager.cookie })).body.task;
    expect(claimed).toMatchObject({ kind: 'escalation', branchCode: 'SH' });
    expect(claimed.explanation.why.zh).toMatch(/^逾期不催收：/);
    expect((await call(app, 'GET', '/api/v1/queue/next', { cookie: bjManager.cookie })).body.task).toBeNull();

    // a rerun of the date changes nothing
    await runCollectionsForDate(db, d('2026-02-10'), { batch: 2 });
    expect(await db.selectFrom('collection_task').select('id').where('kind', '=', 'escalation').execute()).toHaveLength(6);
    expect((await call(app, 'GET', '/api/v1/coverage', { cookie: hoManager.cookie })).body.total).toEqual(report.total);

    // the next days: a case keeps its one escalation (open or held) until it is dealt with, then gets a new one
    await closeThrough(db, d('2026-02-11'));
    expect((await runCollectionsForDate(db, d('2026-02-11'), { batch: 2 })).find((s) => s.step === 'coverage')?.detail).toMatchObject({ uncovered: 6, escalated: 0 });
    const dealt = await db.selectFrom('collection_task').select(['id', 'loan_id']).where('kind', '=', 'escalation').where('status', '=', 'open').orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('collection_task').set({ status: 'done', done_at: clock.now().toISOString(), done_by: shManager.user.id }).where('id', '=', dealt.id).execute();
    await closeThrough(db, d('2026-02-12'));
    expect((await runCollectionsForDate(db, d('2026-02-12'), { batch: 2 })).find((s) => s.step === 'coverage')?.detail).toMatchObject({ uncovered: 6, escalated: 1 });
    const fresh = await db.selectFrom('collection_task').select(['loan_id', 'created_on']).where('kind', '=', 'escalation').where('status', 'in', ['open', 'held']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(fresh).toEqual({ loan_id: dealt.loan_id, created_on: '2026-02-12' });
    expect(await db.selectFrom('collection_task').select('id').where('kind', '=', 'escalation').execute()).toHaveLength(7);
  }, 300_000);
});

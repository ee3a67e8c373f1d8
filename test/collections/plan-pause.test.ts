import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { runRestructuringForDate } from '../../src/modules/restructuring/observe.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

const d = parseBusinessDate;

/**
 * Branch BJ, 100,000.00 at 6 % over 36 months, 3,042.19 due on the last day of each month from
 * 2026-01-31. January and February are missed: on 03-14 the loan is M2 and its case has a step
 * open. A 6-month extension is approved (arrears not capitalised, so the case stays open): the
 * case pauses. The borrower misses the plan's first installment (03-31): the plan breaks, the
 * steps resume and an early warning is raised.
 */
describeEachDatabase('collections and a restructuring plan', (ctx) => {
  it('pauses the case while the plan is kept, resumes it when the plan breaks, and raises a warning once', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app } = w;
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2026-12-31' FROM app_user ON CONFLICT (user_id) DO NOTHING`.execute(db);
    const loanId = await makeLoan(ctx.database, w.branches.BJ.id);
    await setBusinessDate(ctx.database, '2026-03-14');
    await closeThrough(db, d('2026-03-14'));
    await runCollectionsForDate(db, d('2026-03-14'));
    const c = await db.selectFrom('collection_case').select(['id']).where('loan_id', '=', loanId).where('closed_on', 'is', null).executeTakeFirstOrThrow();
    const manager = await w.session('BJ', ['branch_manager']);
    const theCase = async () => (await call(app, 'GET', `/api/v1/cases/${c.id}`, { cookie: manager.cookie })).body;
    const open = (view: { tasks: { status: string; kind: string }[] }) => view.tasks.filter((t) => t.kind === 'strategy' && (t.status === 'open' || t.status === 'held'));
    expect(open(await theCase())).toHaveLength(1);

    const collector = await w.session('BJ', ['collector']);
    const assessment = await call(app, 'POST', `/api/v1/loans/${loanId}/hardship-assessments`, {
      cookie: collector.cookie,
      body: { cause: 'illness', evidence: ['住院证明 hospital record'], incomeNowFen: 600_000, willingness: 'strong' },
    });
    expect(assessment.status).toBe(201);
    const made = await call(app, 'POST', `/api/v1/loans/${loanId}/restructurings`, {
      cookie: collector.cookie,
      body: { terms: { extensionMonths: 6 }, hardshipAssessmentId: assessment.body.id, reason: '客户住院 illness' },
    });
    expect(made.status).toBe(201);
    const approved = await call(app, 'POST', `/api/v1/restructurings/${made.body.id}/approve`, { cookie: manager.cookie, body: { reason: '证明属实 checked' } });
    expect(approved.status).toBe(200);
    const plan = await db.selectFrom('collection_case_plan').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();

    // the close of 03-15: the plan is in force; the open step is cancelled and no new one is made
    await closeThrough(db, d('2026-03-15'));
    await runRestructuringForDate(db, d('2026-03-15'));
    await runCollectionsForDate(db, d('2026-03-15'));
    let view = await theCase();
    expect(view.closedOn).toBeNull();
    expect(open(view)).toEqual([]);
    expect(view.tasks.filter((t: { kind: string }) => t.kind === 'strategy').at(-1)).toMatchObject({ status: 'cancelled', cancelledReason: 'plan_in_force' });
    // the coverage watchdog counts the kept plan as a lawful pause, not as a loan nobody works
    const coverage = (await call(app, 'GET', `/api/v1/coverage?branchId=${w.branches.BJ.id}`, { cookie: manager.cookie })).body;
    expect(coverage).toMatchObject({ businessDate: '2026-03-15', total: { overdue: 1, held: 1, uncovered: 0 } });
    expect(view.events.filter((e: { kind: string }) => e.kind.startsWith('plan_'))).toEqual([
      { id: expect.any(Number), on: '2026-03-15', kind: 'plan_paused', detail: { restructuringId: made.body.id, inForceFrom: plan.in_force_from } },
    ]);
    const board = (await call(app, 'GET', `/api/v1/cases?branchId=${w.branches.BJ.id}`, { cookie: manager.cookie })).body;
    expect(board.items.find((x: { id: number }) => x.id === c.id)).toMatchObject({ planKept: true });
    // a day later, still kept: still paused, and the pause is not written twice
    await closeThrough(db, d('2026-03-16'));
    await runRestructuringForDate(db, d('2026-03-16'));
    await runCollectionsForDate(db, d('2026-03-16'));
    view = await theCase();
    expect(open(view)).toEqual([]);
    expect(view.events.filter((e: { kind: string }) => e.kind === 'plan_paused')).toHaveLength(1);

    // 03-31 unpaid: by 04-10 the observation counts the miss and breaks the plan; collections resumes
    await closeThrough(db, d('2026-04-10'));
    expect(await runRestructuringForDate(db, d('2026-04-10'))).toMatchObject({ restarted: 1 });
    const broken = await db.selectFrom('collection_case_plan').select('broken_on').where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(broken.broken_on).toBe('2026-04-10');
    await runCollectionsForDate(db, d('2026-04-10'));
    await runCollectionsForDate(db, d('2026-04-10'));
    view = await theCase();
    const resumed = open(view) as unknown as { key: string; explanation: { why: { en: string } } }[];
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.key).toMatch(/~resumed@2026-04-10$/);
    expect(resumed[0]!.explanation.why.en).toContain('steps resumed when the restructuring plan broke on 2026-04-10');
    expect(view.events.filter((e: { kind: string }) => e.kind === 'plan_resumed')).toEqual([
      { id: expect.any(Number), on: '2026-04-10', kind: 'plan_resumed', detail: { restructuringId: made.body.id, brokenOn: '2026-04-10' } },
    ]);
    const alerts = await db.selectFrom('warning_alert').select(['indicator_code', 'raised_on', 'severity', 'branch_id']).where('loan_id', '=', loanId).where('indicator_code', '=', 'restructuring-broken').execute();
    expect(alerts).toEqual([{ indicator_code: 'restructuring-broken', raised_on: '2026-04-10', severity: 'high', branch_id: w.branches.BJ.id }]);
    // the manager sees it in the warnings inbox, named
    const inbox = await call(app, 'GET', `/api/v1/warnings?loanId=${loanId}`, { cookie: manager.cookie });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((x: { indicator: string; nameEn: string }) => [x.indicator, x.nameEn])).toContainEqual(['restructuring-broken', 'Restructuring plan broken']);
  }, 300_000);
});

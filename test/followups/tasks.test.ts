import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { appendFact } from '../../src/modules/borrowers/facts.js';
import { completeFollowUp } from '../../src/modules/followups/forms.js';
import { runFollowUpsForDate } from '../../src/modules/followups/tasks.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';
import { APPLICATION_FACTS, disburse } from './support.js';

const d = parseBusinessDate;

describeEachDatabase('due follow-up tasks from close of business', (ctx) => {
  const tasksOf = (loanId: number) =>
    ctx.database.db.selectFrom('followup_task').select(['key', 'kind', 'trigger', 'channel', 'field_reasons', 'due_on', 'done_by', 'status']).where('loan_id', '=', loanId).orderBy('id').execute();

  it('periodic by grade (C until graded) from disbursement, events while not followed up, nothing twice', async () => {
    const w = await buildWorld(ctx.database);
    // disbursed 2025-12-31, before the first policy: owes no post-disbursement follow-up
    const loanId = await makeLoan(ctx.database, w.branches.SH.id);
    expect((await runFollowUpsForDate(ctx.database.db, d('2026-01-31'))).tasksCreated).toBe(0);
    // the first installment (due 2026-01-31) missed: close of business of 2026-02-01 recorded it
    await ctx.database.db.insertInto('loan_event').values({ loan_id: loanId, business_date: '2026-02-01', kind: 'became_overdue', from_value: null, to_value: '1' }).execute();
    const feb = await runFollowUpsForDate(ctx.database.db, d('2026-02-01'));
    expect(feb.tasksCreated).toBe(1);
    const event = await ctx.database.db.selectFrom('loan_event').select('id').where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    expect(await tasksOf(loanId)).toEqual([
      { key: `event/${loanId}/first_installment_missed/2026-02-01/e${event.id}`, kind: 'event', trigger: 'first_installment_missed', channel: 'phone', field_reasons: [], due_on: '2026-02-01', done_by: '2026-02-04', status: 'open' },
    ]);
    // three months after disbursement (grade C): the periodic one; a rerun adds nothing
    expect((await runFollowUpsForDate(ctx.database.db, d('2026-03-30'))).tasksCreated).toBe(0);
    expect((await runFollowUpsForDate(ctx.database.db, d('2026-03-31'))).tasksCreated).toBe(1);
    expect((await runFollowUpsForDate(ctx.database.db, d('2026-03-31'))).tasksCreated).toBe(0);
    expect((await runFollowUpsForDate(ctx.database.db, d('2026-04-01'))).tasksCreated).toBe(0);
    expect((await tasksOf(loanId)).map((t) => [t.key, t.due_on, t.done_by])).toEqual([
      [`event/${loanId}/first_installment_missed/2026-02-01/e${event.id}`, '2026-02-01', '2026-02-04'],
      [`periodic/${loanId}/2026-03-31`, '2026-03-31', '2026-04-05'],
    ]);

    // one follow-up answers every task of the loan already due; the next period runs from it
    await setBusinessDate(ctx.database, '2026-04-02');
    const periodic = (await tasksOf(loanId))[1]!;
    const periodicId = (await ctx.database.db.selectFrom('followup_task').select('id').where('key', '=', periodic.key).executeTakeFirstOrThrow()).id;
    await completeFollowUp(ctx.database.db, { userId: null, name: 'agent' }, 'zh-CN', periodicId, { answers: [{ item: 'reached', heard: 'no' }] });
    expect((await tasksOf(loanId)).map((t) => [t.kind, t.status])).toEqual([
      ['event', 'done'],
      ['periodic', 'done'],
      ['skip_trace', 'open'],
    ]);
    expect((await runFollowUpsForDate(ctx.database.db, d('2026-07-01'))).tasksCreated).toBe(0);
    expect((await runFollowUpsForDate(ctx.database.db, d('2026-07-02'))).tasksCreated).toBe(1);
    expect((await tasksOf(loanId)).at(-1)!.key).toBe(`periodic/${loanId}/2026-07-02`);
  });

  it('a follow-up recorded before the first standard took effect still gives its tasks head office\'s first SLA', async () => {
    const w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2025-12-20');
    const loanId = await makeLoan(ctx.database, w.branches.SH.id);
    const task = await ctx.database.db
      .insertInto('followup_task')
      .values({ key: `legacy/${loanId}`, loan_id: loanId, branch_id: w.branches.SH.id, kind: 'event', trigger: 'contact_changed', item: null, channel: 'phone', due_on: '2025-12-20', done_by: '2025-12-27', policy_version: null, created_on: '2025-12-20', source_followup_id: null, source_amendment_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await completeFollowUp(ctx.database.db, { userId: null, name: 'agent' }, 'zh-CN', task.id, { answers: [{ item: 'reached', heard: 'no' }] });
    expect((await tasksOf(loanId)).map((t) => [t.kind, t.status, t.done_by])).toEqual([
      ['event', 'done', '2025-12-27'],
      ['skip_trace', 'open', '2025-12-25'],
    ]);
  });

  it('a contact change raises an event follow-up; a self-employed borrower or a large loan is visited in the field', async () => {
    const w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2026-05-10');
    const shop = await disburse(ctx.database.db, w.branches.BJ.id, '2026-05-10', {
      firstDue: '2026-06-10',
      facts: [...APPLICATION_FACTS.filter((f) => f.fact !== 'position'), { fact: 'position', value: '经营者' }],
    });
    const big = await disburse(ctx.database.db, w.branches.BJ.id, '2026-05-10', { firstDue: '2026-06-10', principalFen: 60_000_000 });
    await runFollowUpsForDate(ctx.database.db, d('2026-05-10'));
    expect((await tasksOf(shop.loanId)).map((t) => [t.kind, t.channel, t.field_reasons])).toEqual([['post_disbursement', 'field', ['self_employed']]]);
    expect((await tasksOf(big.loanId)).map((t) => [t.kind, t.channel, t.field_reasons])).toEqual([['post_disbursement', 'field', ['large_exposure']]]);

    // the borrower changes the mobile at the counter: a contact_changed follow-up within 7 days
    await setBusinessDate(ctx.database, '2026-05-12');
    const fact = await appendFact(ctx.database.db, { userId: null, name: 'counter' }, big.borrowerId, { kind: 'mobile', value: '13900001111', source: 'borrower', verification: 'unverified', reason: '柜台变更 counter' });
    await runFollowUpsForDate(ctx.database.db, d('2026-05-12'));
    expect((await tasksOf(big.loanId)).map((t) => [t.key, t.done_by])).toEqual([
      [`post/${big.loanId}`, '2026-05-17'],
      [`event/${big.loanId}/contact_changed/2026-05-12/f${fact.id}`, '2026-05-19'],
    ]);
  });

  it('assigns new tasks to the least loaded agents of the branch, or of the nearest branch above that has agents', async () => {
    const w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2026-06-01');
    const db = ctx.database.db;
    const openOf = async (userId: number) => (await db.selectFrom('followup_task').select('id').where('assigned_user_id', '=', userId).where('status', '=', 'open').execute()).length;
    const a = await w.user('BJ', ['followup_agent']);
    for (let i = 0; i < 3; i++) await disburse(db, w.branches.BJ.id, '2026-06-01', { firstDue: '2026-07-01' });
    await runFollowUpsForDate(db, d('2026-06-01'));
    const loadA = await openOf(a.id);
    expect(loadA).toBeGreaterThanOrEqual(3);

    const b = await w.user('BJ', ['followup_agent']);
    const ho = await w.user('HO', ['followup_agent']);
    await w.user('BJ', ['collector']);
    const bjLoans = [];
    for (let i = 0; i < 4; i++) bjLoans.push((await disburse(db, w.branches.BJ.id, '2026-06-01', { firstDue: '2026-07-01' })).loanId);
    // the team has no agents of its own: BJ's take its work; SH has none at all: head office's
    const teamLoan = (await disburse(db, w.branches['BJ-T1'].id, '2026-06-01', { firstDue: '2026-07-01' })).loanId;
    const shLoan = (await disburse(db, w.branches.SH.id, '2026-06-01', { firstDue: '2026-07-01' })).loanId;
    await runFollowUpsForDate(db, d('2026-06-01'));
    const assigned = await db.selectFrom('followup_task').select(['loan_id', 'assigned_user_id']).where('loan_id', 'in', [...bjLoans, teamLoan, shLoan]).execute();
    const to = new Map(assigned.map((r) => [r.loan_id, r.assigned_user_id]));
    expect([...bjLoans, teamLoan].every((l) => to.get(l) === a.id || to.get(l) === b.id)).toBe(true);
    expect(to.get(shLoan)).toBe(ho.id);
    // the newcomer takes the new work until the two are level (round robin would give a more)
    const [loadA2, loadB] = [await openOf(a.id), await openOf(b.id)];
    expect(loadA2 + loadB).toBe(loadA + 5);
    expect(Math.abs(loadA2 - loadB)).toBeLessThanOrEqual(1);

    // the agent sees their own, in scope
    const login = await w.login(ho.username);
    const mine = await call(w.app, 'GET', '/api/v1/followups/mine', { cookie: login });
    expect(mine.body.items.map((t: { loanId: number; branchCode: string }) => [t.loanId, t.branchCode])).toContainEqual([shLoan, 'SH']);
    const collector = await w.session('BJ', ['collector']);
    expect((await call(w.app, 'GET', '/api/v1/followups/mine', { cookie: collector.cookie })).status).toBe(403);
  });

  it('gives a branch’s follow-ups to the agents of its teams (回访组) too, least loaded first', async () => {
    const w = await buildWorld(ctx.database);
    await setBusinessDate(ctx.database, '2026-06-01');
    const db = ctx.database.db;
    const teamAgent = await w.user('BJ-T1', ['followup_agent']);
    const loans = [];
    for (let i = 0; i < 3; i++) loans.push((await disburse(db, w.branches.BJ.id, '2026-06-01', { firstDue: '2026-07-01' })).loanId);
    await runFollowUpsForDate(db, d('2026-06-01'));
    const assigned = await db.selectFrom('followup_task').select(['loan_id', 'assigned_user_id']).where('loan_id', 'in', loans).execute();
    expect(assigned).toHaveLength(3);
    // a newcomer with no work takes all of it (the others, if any, already carry more)
    expect(assigned.every((r) => r.assigned_user_id === teamAgent.id)).toBe(true);
  });
});

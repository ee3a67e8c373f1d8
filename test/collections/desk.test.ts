import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

describeEachDatabase("the collector's desk", (ctx) => {
  it("lists a collector's tasks (held first), a loan's cases, a case's parties masked, and the colleagues a visit can name", async () => {
    const w = await buildWorld(ctx.database);
    const { db, app } = w;
    const team = w.branches['BJ-T1'];
    const a = await w.session('BJ-T1', ['collector']);
    const b = await w.session('BJ-T1', ['collector']);
    const manager = await w.session('BJ', ['branch_manager']);
    const other = await w.session('SH', ['collector']);
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2026-12-31' FROM app_user`.execute(db);

    const caseOf = async (loanId: number, owner: { kind: 'collector' | 'team'; id: number }) =>
      (
        await db
          .insertInto('collection_case')
          .values({ loan_id: loanId, opened_on: '2026-11-20', reason: 'overdue', owner_kind: owner.kind, owner_id: owner.id, owner_since: '2026-11-20', segment: 'early' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const task = async (caseId: number, loanId: number, action: string, priority: number) =>
      (
        await db
          .insertInto('collection_task')
          .values({ case_id: caseId, loan_id: loanId, decision_key: `${action}-${priority}`, kind: 'strategy', for_role: 'collector', branch_id: w.branches.BJ.id, action, priority, created_on: '2026-11-21', due_by: '2026-11-23T16:00:00Z', explanation: '{}' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [own, shared] = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id)];
    const ownCase = await caseOf(own, { kind: 'collector', id: a.user.id });
    const sharedCase = await caseOf(shared, { kind: 'team', id: team.id });
    const ownTask = await task(ownCase, own, 'call', 20);
    const teamTask = await task(sharedCase, shared, 'call', 1);

    const tasks = async (cookie: string, query = '') => (await call(app, 'GET', `/api/v1/tasks${query}`, { cookie })).body.items.map((t: { id: number; status: string }) => [t.id, t.status]);
    // before claiming: only the open task of the case a owns (the team's is claimed from the queue)
    expect(await tasks(a.cookie)).toEqual([[ownTask, 'open']]);
    expect((await call(app, 'GET', '/api/v1/queue/next', { cookie: a.cookie })).body.task.id).toBe(teamTask);
    // the held one first, whatever its priority
    expect(await tasks(a.cookie)).toEqual([
      [teamTask, 'held'],
      [ownTask, 'open'],
    ]);
    expect(await tasks(b.cookie)).toEqual([]);
    // a manager sees a collector's list; another branch's collector sees nothing of it
    expect(await tasks(manager.cookie, `?collectorId=${a.user.id}`)).toEqual(await tasks(a.cookie));
    expect(await tasks(other.cookie, `?collectorId=${a.user.id}`)).toEqual([]);
    // done tasks leave the list
    expect((await call(app, 'POST', `/api/v1/tasks/${teamTask}/complete`, { cookie: a.cookie, body: { note: '已联系' } })).status).toBe(200);
    expect(await tasks(a.cookie)).toEqual([[ownTask, 'open']]);

    // the loan 360's cases: newest first, with the owner's name; a collector who owns the case may read it
    const cases = await call(app, 'GET', `/api/v1/loans/${own}/collection-cases`, { cookie: a.cookie });
    expect(cases.status).toBe(200);
    expect(cases.body.items).toEqual([
      {
        id: ownCase,
        openedOn: '2026-11-20',
        reason: 'overdue',
        closedOn: null,
        closeReason: null,
        owner: { kind: 'collector', id: a.user.id, since: '2026-11-20', name: { 'zh-CN': a.user.displayName, 'en-US': a.user.displayName } },
        segment: 'early',
        strategy: null,
      },
    ]);
    expect((await call(app, 'GET', `/api/v1/loans/${shared}/collection-cases`, { cookie: manager.cookie })).body.items[0].owner.name).toEqual({ 'zh-CN': 'BJ-T1 机构', 'en-US': 'BJ-T1 unit' });

    // who may be contacted: masked, with the contact's id for the log
    const parties = await call(app, 'GET', `/api/v1/cases/${ownCase}/parties`, { cookie: a.cookie });
    const emergency = await db.selectFrom('borrower_contact as c').innerJoin('loan as l', 'l.borrower_id', 'c.borrower_id').select('c.id').where('l.id', '=', own).executeTakeFirstOrThrow();
    expect(parties.body).toEqual({
      borrower: { name: '张*', mobile: '138****5678' },
      contacts: [{ id: emergency.id, role: 'emergency_contact', name: '李*', relation: '配偶', mobile: '139****1111' }],
    });
    expect((await call(app, 'GET', `/api/v1/cases/${ownCase}/parties`, { cookie: other.cookie })).status).toBe(403);

    // colleagues: a team member's scope is the team's branch, so the branch's people who work cases (managers too), branch before team
    const names = async (cookie: string) => (await call(app, 'GET', '/api/v1/collectors', { cookie })).body.items.map((x: { id: number }) => x.id);
    expect(await names(a.cookie)).toEqual([manager.user.id, a.user.id, b.user.id]);
    expect(await names(manager.cookie)).toEqual([manager.user.id, a.user.id, b.user.id]);
    expect(await names(other.cookie)).toEqual([other.user.id]);

    // a case of another branch's loan that a works: that branch's manager, whose scope holds the loan
    // but not a's team, sees that task only; a's own branch manager sees both
    const far = await makeLoan(ctx.database, w.branches.SH.id);
    const farTask = await task(await caseOf(far, { kind: 'collector', id: a.user.id }), far, 'letter', 30);
    const shManager = await w.session('SH', ['branch_manager']);
    expect(await tasks(shManager.cookie, `?collectorId=${a.user.id}`)).toEqual([[farTask, 'open']]);
    expect(await tasks(manager.cookie, `?collectorId=${a.user.id}`)).toEqual([
      [ownTask, 'open'],
      [farTask, 'open'],
    ]);
  }, 120_000);
});

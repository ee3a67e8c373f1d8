import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { runFollowUpsForDate } from '../../src/modules/followups/tasks.js';
import { describeEachDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';
import { disburse } from './support.js';

/**
 * The loan 360's follow-ups tab: the loan's tasks with the follow-up that did each, its versions
 * (the original and each amendment in effect) and the amendments waiting for a supervisor.
 */
describeEachDatabase("a loan's follow-ups", (ctx) => {
  it('lists the tasks, the follow-up that did one, its versions and pending amendments', async () => {
    const w = await buildWorld(ctx.database);
    const db = ctx.database.db;
    const agent = await w.session('BJ', ['followup_agent']);
    const auditor = await w.session('BJ', ['auditor']);
    const collector = await w.session('BJ', ['collector']);
    await setBusinessDate(ctx.database, '2026-03-02');
    const { loanId } = await disburse(db, w.branches.BJ.id, '2026-03-02', { firstDue: '2026-04-02' });
    await runFollowUpsForDate(db, parseBusinessDate('2026-03-02'));
    const list = () => call(w.app, 'GET', `/api/v1/loans/${loanId}/followups`, { cookie: auditor.cookie });

    const open = await list();
    expect(open.status).toBe(200);
    expect(open.body.items).toEqual([
      expect.objectContaining({ kind: 'post_disbursement', channel: 'phone', dueOn: '2026-03-02', doneBy: '2026-03-09', status: 'open', closedOn: null, assignee: agent.user.displayName, followUp: null }),
    ]);
    const taskId = open.body.items[0].taskId;

    // the borrower could not be reached: an unreachable flag and a skip-trace task
    await setBusinessDate(ctx.database, '2026-03-05');
    expect((await call(w.app, 'POST', `/api/v1/followups/${taskId}/complete`, { cookie: agent.cookie, body: { answers: [{ item: 'reached', heard: 'no' }] } })).status).toBe(201);
    // a complaint says they were reached: it retracts the flag, so it waits for a supervisor
    const filed = await call(w.app, 'POST', `/api/v1/followups/${taskId}/amendments`, { cookie: agent.cookie, body: { source: 'complaint', changes: [{ item: 'reached', heard: 'yes', verdict: 'matches' }], reason: '客户投诉已接通 complaint' } });
    expect(filed.body).toMatchObject({ status: 'pending', needsApproval: true });

    const done = await list();
    const own = done.body.items.find((i: { taskId: number }) => i.taskId === taskId);
    expect(own).toMatchObject({ status: 'done', closedOn: '2026-03-05', doneByFollowUpId: taskId, followUp: { id: taskId, completedOn: '2026-03-05', agent: agent.user.username, hasDiscrepancy: false, unreachable: true, versions: 1, pendingAmendments: 1 } });
    // the skip-trace task the follow-up derived is the loan's too, not yet done
    expect(done.body.items.map((i: { kind: string; status: string }) => [i.kind, i.status])).toEqual([
      ['skip_trace', 'open'],
      ['post_disbursement', 'done'],
    ]);

    // a role without follow-up access is refused
    expect((await call(w.app, 'GET', `/api/v1/loans/${loanId}/followups`, { cookie: collector.cookie })).status).toBe(403);
  });
});

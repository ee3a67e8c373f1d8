import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';

describeEachDatabase('the work queue', (ctx) => {
  it('gives the most urgent task allowed now, holds it, passes over held loans, and returns abandoned holds', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app, clock } = w;
    const team = w.branches['BJ-T1'];
    const a = await w.session('BJ-T1', ['collector']);
    const b = await w.session('BJ-T1', ['collector']);
    const other = await w.session('SH', ['collector']);
    await sql`INSERT INTO collector_profile (user_id, training_valid_until) SELECT id, '2026-12-31' FROM app_user`.execute(db);
    // 2026-11-22 16:00 in Beijing
    const task = async (loanId: number, action: string, priority: number) => {
      const c = await sql<{ id: number }>`
        INSERT INTO collection_case (loan_id, opened_on, reason, owner_kind, owner_id, owner_since) VALUES (${loanId}, '2026-11-20', 'overdue', 'team', ${team.id}, '2026-11-20')
        ON CONFLICT (loan_id) WHERE closed_on IS NULL DO UPDATE SET reason = excluded.reason RETURNING id`.execute(db);
      const t = await db
        .insertInto('collection_task')
        .values({ case_id: c.rows[0]!.id, loan_id: loanId, decision_key: `${action}-${priority}`, kind: 'strategy', for_role: 'collector', branch_id: w.branches.BJ.id, action, priority, created_on: '2026-11-21', due_by: '2026-11-23T16:00:00Z', explanation: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return t.id;
    };
    const [held, free] = [await makeLoan(ctx.database, w.branches.BJ.id), await makeLoan(ctx.database, w.branches.BJ.id)];
    const urgentButHeld = await task(held, 'call', 1);
    const agencyOnHeld = await task(held, 'agency', 5);
    const second = await task(free, 'call', 10);
    const third = await task(free, 'letter', 20);
    // a dispute hold (停催) on the first loan: no contact until it ends
    const hold = await call(app, 'POST', `/api/v1/loans/${held}/holds`, { cookie: a.cookie, body: { kind: 'dispute', reason: '客户对账单有异议', until: '2026-12-01T00:00:00+08:00' } });
    expect(hold.status).toBe(201);

    const next = async (cookie: string) => (await call(app, 'GET', '/api/v1/queue/next', { cookie })).body;
    // the call on the held loan is passed over; a referral to an agency is not a contact
    expect(await next(a.cookie)).toMatchObject({ task: { id: agencyOnHeld, status: 'held' }, passedOver: 1 });
    expect(await next(a.cookie)).toMatchObject({ task: { id: agencyOnHeld } }); // the same one until done
    expect((await next(b.cookie)).task.id).toBe(second);
    expect((await next(other.cookie)).task).toBeNull(); // another branch's collector sees none of it
    // b cannot complete a's task; a can
    expect((await call(app, 'POST', `/api/v1/tasks/${agencyOnHeld}/complete`, { cookie: b.cookie, body: {} })).status).toBe(409);
    expect((await call(app, 'POST', `/api/v1/tasks/${agencyOnHeld}/complete`, { cookie: a.cookie, body: { note: '已委外' } })).body).toMatchObject({ status: 'done', note: '已委外' });
    expect((await next(a.cookie)).task.id).toBe(third);
    // a releases it; b, still holding `second`, keeps getting that one
    expect((await call(app, 'POST', `/api/v1/tasks/${third}/release`, { cookie: a.cookie, body: {} })).body).toMatchObject({ status: 'open', heldBy: null });
    expect((await next(b.cookie)).task.id).toBe(second);
    // b walks away: 16 minutes later the hold has lapsed and a gets it
    clock.advanceMinutes(16);
    expect((await next(a.cookie)).task.id).toBe(second);
    // b's late completion is refused: a holds it now
    expect((await call(app, 'POST', `/api/v1/tasks/${second}/complete`, { cookie: b.cookie, body: {} })).status).toBe(409);
    // once the hold is released, the call on the first loan comes back first
    const released = await call(app, 'POST', `/api/v1/loans/${held}/holds/${hold.body.id}/release`, { cookie: (await w.session('BJ', ['branch_manager'])).cookie, body: { reason: '争议已核实解决' } });
    expect(released.status).toBe(200);
    expect((await next(b.cookie)).task.id).toBe(urgentButHeld);
  }, 120_000);
});

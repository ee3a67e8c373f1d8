import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { appendFact } from '../../src/modules/borrowers/facts.js';
import { runFollowUpsForDate } from '../../src/modules/followups/tasks.js';
import { describeEachDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { buildWorld, call, type World } from '../support/world.js';
import { currentFact, disburse } from './support.js';

const reason = '客户来电投诉记录有误 the borrower says the record is wrong';

/** A phone follow-up where everything matched, except what `changed` says. */
function answers(changed: Record<string, string | null> = {}) {
  const base: Record<string, string | null> = {
    reached: 'yes',
    identity: 'confirmed',
    mobile: '13812345678',
    home_address: '上海市浦东新区世纪大道100号',
    employer: '上海汽车销售有限公司',
    position: '销售经理',
    monthly_income: '20000',
    vehicle_location: 'with_borrower',
    vehicle_usage: 'personal',
    loan_use: 'as_declared',
    willingness: 'willing',
    ability: 'able',
    anything_changed: 'no',
  };
  return Object.entries({ ...base, ...changed }).map(([item, heard]) => ({ item, heard }));
}

describeEachDatabase('follow-up corrections (回访说错): approval, maker ≠ checker, the 五级 floor', (ctx) => {
  async function completed(w: World, agentCookie: string, changed: Record<string, string | null>, on = '2026-03-09') {
    await setBusinessDate(ctx.database, '2026-03-02');
    const { loanId, borrowerId } = await disburse(ctx.database.db, w.branches.BJ.id, '2026-03-02', { firstDue: '2026-04-02' });
    await runFollowUpsForDate(ctx.database.db, parseBusinessDate('2026-03-02'));
    const task = await ctx.database.db.selectFrom('followup_task').select('id').where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    await setBusinessDate(ctx.database, on);
    const done = await call(w.app, 'POST', `/api/v1/followups/${task.id}/complete`, { cookie: agentCookie, body: { answers: answers(changed) } });
    expect(done.status).toBe(201);
    return { loanId, borrowerId, followUpId: task.id as number };
  }

  it('a loan-use breach sets the 五级 floor; its approved correction voids it from the day it was set, so close of business re-derives', async () => {
    const w = await buildWorld(ctx.database);
    const agent = await w.session('BJ', ['followup_agent']);
    const manager = await w.session('BJ', ['branch_manager']);
    const { loanId, followUpId } = await completed(w, agent.cookie, { loan_use: 'other' });
    const loanFlags = () => ctx.database.db.selectFrom('loan_flag').select(['flag', 'class_floor', 'set_on', 'cleared_on']).where('loan_id', '=', loanId).execute();
    expect(await loanFlags()).toEqual([{ flag: 'loan_use_breach', class_floor: 'special_mention', set_on: '2026-03-09', cleared_on: null }]);
    expect(await ctx.database.db.selectFrom('eod_dirty').select('since').where('loan_id', '=', loanId).executeTakeFirst()).toBeDefined();

    // the agent misheard: filed as the agent, it waits for the manager
    const filed = await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, { cookie: agent.cookie, body: { source: 'agent', changes: [{ item: 'loan_use', heard: 'as_declared' }], reason: '听错了 misheard' } });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'pending', needsApproval: true, effect: { retract: { flags: [{ flag: 'loan_use_breach' }] } } });
    expect((await loanFlags())[0]!.cleared_on).toBeNull();
    await sql`DELETE FROM eod_dirty`.execute(ctx.database.db);
    await setBusinessDate(ctx.database, '2026-03-12');
    const approved = await call(w.app, 'POST', `/api/v1/amendments/${filed.body.id}/approve`, { cookie: manager.cookie, body: {} });
    expect(approved.status).toBe(200);
    expect(await loanFlags()).toEqual([{ flag: 'loan_use_breach', class_floor: 'special_mention', set_on: '2026-03-09', cleared_on: '2026-03-09' }]);
    // the flag's trigger marks the loan for close of business from the day the floor never applied
    expect(await ctx.database.db.selectFrom('eod_dirty').select('since').where('loan_id', '=', loanId).executeTakeFirstOrThrow()).toEqual({ since: '2026-03-09' });
    const flag = await ctx.database.db.selectFrom('followup_flag').select(['cleared_on', 'cleared_by_amendment_id']).where('followup_id', '=', followUpId).executeTakeFirstOrThrow();
    expect(flag).toEqual({ cleared_on: '2026-03-12', cleared_by_amendment_id: filed.body.id });
    // a cleared flag is cleared once, and never deleted
    await expect(sql`UPDATE followup_flag SET cleared_on = NULL, cleared_by_amendment_id = NULL WHERE followup_id = ${followUpId}`.execute(ctx.database.db)).rejects.toThrow(/only cleared/);
  });

  it('maker ≠ checker: the one who filed cannot decide it, through the API or in the table', async () => {
    const w = await buildWorld(ctx.database);
    const agent = await w.session('BJ', ['followup_agent']);
    const managerA = await w.session('BJ', ['branch_manager']);
    const managerB = await w.session('BJ', ['branch_manager']);
    const { followUpId, borrowerId } = await completed(w, agent.cookie, { monthly_income: '12000' });
    // a borrower's complaint, filed by manager A: the income was 20000 all along
    const filed = await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, { cookie: managerA.cookie, body: { source: 'complaint', changes: [{ item: 'monthly_income', heard: '20000' }], reason } });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'pending', correctsVersion: 0 });
    const own = await call(w.app, 'POST', `/api/v1/amendments/${filed.body.id}/approve`, { cookie: managerA.cookie, body: {}, headers: { 'accept-language': 'en' } });
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ type: 'urn:daihou:problem:forbidden', detail: 'you cannot decide an amendment you filed (maker ≠ checker)' });
    const listed = await call(w.app, 'GET', '/api/v1/amendments', { cookie: managerA.cookie });
    expect(listed.body.items).toMatchObject([{ id: filed.body.id, source: 'complaint', ownAmendment: true }]);
    await expect(
      sql`UPDATE followup_amendment SET status = 'approved', version = 1, decided_by_user_id = made_by_user_id, decided_by = 'x', decided_on = '2026-03-09', decided_at = now() WHERE id = ${filed.body.id}`.execute(ctx.database.db),
    ).rejects.toThrow(/check/i);

    // manager B rejects it without a reason: refused; with one: rejected, and nothing derived changes
    expect((await call(w.app, 'POST', `/api/v1/amendments/${filed.body.id}/reject`, { cookie: managerB.cookie, body: {} })).status).toBe(400);
    const rejected = await call(w.app, 'POST', `/api/v1/amendments/${filed.body.id}/reject`, { cookie: managerB.cookie, body: { reason: '录音显示 12000 recording says 12000' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', version: null, applied: null });
    expect((await currentFact(ctx.database.db, borrowerId, 'monthly_income_fen')).value).toBe('1200000');
    const history = await call(w.app, 'GET', `/api/v1/followups/${followUpId}/history`, { cookie: managerB.cookie });
    expect(history.body).toMatchObject({ currentVersion: 0, amendments: [{ status: 'rejected', source: 'complaint', madeBy: managerA.user.username, decidedBy: managerB.user.username, decisionReason: '录音显示 12000 recording says 12000' }] });
  });

  it('a correction that changes nothing derived takes effect at once; one filed against a replaced version cannot be approved', async () => {
    const w = await buildWorld(ctx.database);
    const agent = await w.session('BJ', ['followup_agent']);
    const manager = await w.session('BJ', ['branch_manager']);
    const { followUpId } = await completed(w, agent.cookie, { employer: '杭州物流有限公司' });
    const risky = await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, { cookie: agent.cookie, body: { source: 'agent', changes: [{ item: 'employer', heard: '上海汽车销售有限公司' }], reason: '听错了 misheard' } });
    expect(risky.body.status).toBe('pending');
    const harmless = await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, { cookie: agent.cookie, body: { source: 'agent', changes: [{ item: 'willingness', heard: 'reluctant' }], reason: '语气勉强 sounded reluctant' } });
    expect(harmless.status).toBe(201);
    expect(harmless.body).toMatchObject({ status: 'applied', needsApproval: false, version: 1, correctsVersion: 0 });
    const stale = await call(w.app, 'POST', `/api/v1/amendments/${risky.body.id}/approve`, { cookie: manager.cookie, body: {}, headers: { 'accept-language': 'en' } });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toBe('the version this amendment corrects was replaced by version 1; file it again');
    // invalid corrections are named by item
    const bad = await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, { cookie: agent.cookie, body: { source: 'agent', changes: [{ item: 'loan_use', heard: 'maybe' }, { item: 'phone', heard: '1' }], reason: 'typo' }, headers: { 'accept-language': 'en' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'changes.phone', message: 'the follow-up has no such answer' }]);
    const badChoice = await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, { cookie: agent.cookie, body: { source: 'agent', changes: [{ item: 'loan_use', heard: 'maybe' }], reason: 'typo' }, headers: { 'accept-language': 'en' } });
    expect(badChoice.body.errors).toEqual([{ field: 'changes.loan_use', message: 'must be one of as_declared, other' }]);
    // QA's source is QA's: an agent cannot file as QA
    expect((await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, { cookie: agent.cookie, body: { source: 'qa', changes: [{ item: 'ability', heard: 'strained' }], reason: 'qa' } })).status).toBe(403);
  });

  it('a retraction restores the value from before the follow-up, unless someone has changed the fact since', async () => {
    const w = await buildWorld(ctx.database);
    const agent = await w.session('BJ', ['followup_agent']);
    const manager = await w.session('BJ', ['branch_manager']);
    const { followUpId, borrowerId } = await completed(w, agent.cookie, { employer: '杭州物流有限公司', home_address: '广东省深圳市南山区科技园1号' });
    expect(await ctx.database.db.selectFrom('followup_flag').select('flag').where('followup_id', '=', followUpId).execute()).toEqual([{ flag: 'moved_away' }]);
    // meanwhile the borrower updates the address at the counter
    await appendFact(ctx.database.db, { userId: null, name: 'counter' }, borrowerId, { kind: 'home_address', value: '广东省深圳市福田区1号', source: 'borrower', verification: 'verified', reason: '柜台变更 counter' });
    const filed = await call(w.app, 'POST', `/api/v1/followups/${followUpId}/amendments`, {
      cookie: agent.cookie,
      body: { source: 'agent', changes: [{ item: 'employer', heard: null, verdict: 'could_not_verify' }, { item: 'home_address', heard: null, verdict: 'could_not_verify' }], reason: '未能核实 could not verify' },
    });
    const approved = await call(w.app, 'POST', `/api/v1/amendments/${filed.body.id}/approve`, { cookie: manager.cookie, body: {} });
    expect(approved.status).toBe(200);
    // the employer goes back to the application's, marked unverifiable; the counter's address stands
    expect(await currentFact(ctx.database.db, borrowerId, 'employer')).toMatchObject({ value: '上海汽车销售有限公司', verification: 'unverifiable', source: 'follow_up' });
    expect(await currentFact(ctx.database.db, borrowerId, 'home_address')).toMatchObject({ value: '广东省深圳市福田区1号', source: 'borrower' });
    expect(approved.body.applied.factsSkipped).toEqual([{ kind: 'home_address', why: 'changed_since' }]);
    expect(approved.body.applied.flagsCleared).toHaveLength(1);
  });
});

import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { runQaSampling } from '../../src/modules/followups/qa.js';
import { runFollowUpsForDate } from '../../src/modules/followups/tasks.js';
import { describeEachDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';
import { currentFact, disburse } from './support.js';

/**
 * The scenario, as a loan officer would tell it: a loan is disbursed; seven days later the
 * follow-up is due; the agent hears a changed employer and a lower income; the file gets new facts
 * and an income-drop flag; QA's sample finds the agent typed the wrong income; QA's correction
 * waits for the branch manager, who approves it; the income and the flag are recomputed; the
 * history shows both versions with who, when and why.
 */
const heard = (item: string, value: string | null) => ({ item, heard: value });

describeEachDatabase('follow-up scenario: wrong income found by QA, corrected with approval', (ctx) => {
  it('disbursement → due by day 7 → changed employer and lower income → facts and flag → QA → amendment → approval → recomputed → history', async () => {
    const w = await buildWorld(ctx.database);
    const db = ctx.database.db;
    const agent = await w.session('BJ', ['followup_agent']);
    const qa = await w.session('BJ', ['qa']);
    const manager = await w.session('BJ', ['branch_manager']);

    // 1. disbursed on 2 March; close of business that day makes the post-disbursement follow-up
    await setBusinessDate(ctx.database, '2026-03-02');
    const { loanId, borrowerId } = await disburse(db, w.branches.BJ.id, '2026-03-02', { firstDue: '2026-04-02' });
    const before = { employer: await currentFact(db, borrowerId, 'employer'), income: await currentFact(db, borrowerId, 'monthly_income_fen') };
    const run = await runFollowUpsForDate(db, parseBusinessDate('2026-03-02'));
    expect(run).toMatchObject({ tasksCreated: 1, tasksAssigned: 1 });
    expect((await runFollowUpsForDate(db, parseBusinessDate('2026-03-02'))).tasksCreated).toBe(0);
    const mine = await call(w.app, 'GET', '/api/v1/followups/mine', { cookie: agent.cookie });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    const task = mine.body.items[0];
    expect(task).toMatchObject({ kind: 'post_disbursement', channel: 'phone', dueOn: '2026-03-02', doneBy: '2026-03-09', loanId, borrowerName: '王*' });

    // 2. day 7: the agent opens the form (the file's values masked, then revealed and audited)
    await setBusinessDate(ctx.database, '2026-03-09');
    const masked = await call(w.app, 'GET', `/api/v1/followups/${task.id}/form`, { cookie: agent.cookie });
    expect(masked.status).toBe(200);
    const fileValue = (form: { items: { item: string; fileValue: string | null }[] }, item: string) => form.items.find((i) => i.item === item)?.fileValue;
    expect(fileValue(masked.body, 'mobile')).toBe('138****5678');
    expect(fileValue(masked.body, 'monthly_income')).toBe('20000.00');
    const form = await call(w.app, 'GET', `/api/v1/followups/${task.id}/form?reveal=true`, { cookie: agent.cookie });
    expect(fileValue(form.body, 'mobile')).toBe('13812345678');
    expect(form.body.items.map((i: { item: string }) => i.item)).toEqual(['reached', 'identity', 'mobile', 'home_address', 'employer', 'position', 'monthly_income', 'vehicle_location', 'vehicle_usage', 'loan_use', 'willingness', 'ability', 'anything_changed']);
    const reveals = await db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('action', '=', 'pii.reveal').where('entity_id', '=', String(borrowerId)).execute();
    expect(reveals).toEqual([{ action: 'pii.reveal', actor_user_id: agent.user.id }]);

    // 3. the borrower has moved to a logistics firm and earns less; the agent types 12000 (it was 19500)
    const answers = [
      heard('reached', 'yes'),
      heard('identity', 'confirmed'),
      heard('mobile', '138 1234 5678'),
      heard('home_address', '上海市浦东新区世纪大道100号'),
      heard('employer', '杭州物流有限公司'),
      heard('position', '调度员'),
      heard('monthly_income', '12000'),
      heard('vehicle_location', 'with_borrower'),
      heard('vehicle_usage', 'personal'),
      heard('loan_use', 'as_declared'),
      heard('willingness', 'willing'),
      heard('ability', 'strained'),
      heard('anything_changed', 'yes'),
    ];
    const incomplete = await call(w.app, 'POST', `/api/v1/followups/${task.id}/complete`, { cookie: agent.cookie, body: { answers: answers.slice(0, 12) }, headers: { 'accept-language': 'en' } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.errors).toEqual([{ field: 'answers.anything_changed', message: 'not answered' }]);
    const done = await call(w.app, 'POST', `/api/v1/followups/${task.id}/complete`, { cookie: agent.cookie, body: { answers } });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ followUpId: task.id, completedOn: '2026-03-09', hasDiscrepancy: true, unreachable: false });
    expect((await call(w.app, 'POST', `/api/v1/followups/${task.id}/complete`, { cookie: agent.cookie, body: { answers } })).status).toBe(409);

    // new facts (source follow_up, superseding, never overwriting), the flag, re-verification tasks
    const employer = await currentFact(db, borrowerId, 'employer');
    expect(employer).toMatchObject({ value: '杭州物流有限公司', source: 'follow_up', verification: 'unverified', supersedes_id: before.employer.id, effective_from: '2026-03-09' });
    expect(await currentFact(db, borrowerId, 'monthly_income_fen')).toMatchObject({ value: '1200000', source: 'follow_up', supersedes_id: before.income.id });
    expect(await currentFact(db, borrowerId, 'mobile')).toMatchObject({ value: '13812345678', verification: 'verified', source: 'follow_up' });
    const flags = () => db.selectFrom('followup_flag').select(['flag', 'evidence', 'set_on', 'cleared_on']).where('loan_id', '=', loanId).orderBy('id').execute();
    expect(await flags()).toEqual([{ flag: 'income_drop', evidence: '20000.00 → 12000', set_on: '2026-03-09', cleared_on: null }]);
    const tasks = () => db.selectFrom('followup_task').select(['kind', 'item', 'status', 'assigned_user_id']).where('loan_id', '=', loanId).where('source_followup_id', 'is not', null).orderBy('id').execute();
    expect(await tasks()).toEqual([
      { kind: 'reverification', item: 'employer', status: 'open', assigned_user_id: agent.user.id },
      { kind: 'reverification', item: 'monthly_income', status: 'open', assigned_user_id: agent.user.id },
    ]);
    // the borrower was told to expect the call, and is told what was recorded and how to have it corrected
    const outbox = await db.selectFrom('outbox').select(['channel', 'recipient', 'template', 'body']).orderBy('id').execute();
    expect(outbox).toEqual([
      { channel: 'sms', recipient: '13812345678', template: 'followup_reminder', body: '尊敬的王芳：我行将于2026-03-09前与您联系，核实您的联系方式与工作信息，敬请留意。' },
      { channel: 'sms', recipient: '13812345678', template: 'followup_changes_recorded', body: '尊敬的王芳：您在2026-03-09的回访中告知的工作单位、职务、月收入已更新。如与您所述不符，请致电客服申请更正。' },
    ]);
    // the follow-up itself is never changed
    await expect(sql`UPDATE followup SET note = 'x' WHERE task_id = ${task.id}`.execute(db)).rejects.toThrow(/append-only/);

    // 4. QA's sample takes every follow-up with a discrepancy; QA hears the recording: 19500
    expect(await runQaSampling(db, parseBusinessDate('2026-03-09'))).toMatchObject({ seed: 'qa-2026-03', picked: 1 });
    const queue = await call(w.app, 'GET', '/api/v1/qa', { cookie: qa.cookie });
    expect(queue.body.items.map((i: { followUpId: number; why: string }) => [i.followUpId, i.why])).toEqual([[task.id, 'discrepancy']]);
    const qaItemId = queue.body.items[0].id;
    const scores = answers.map((a) => (a.item === 'monthly_income' ? { item: a.item, correct: false, note: '录音为 19500 recording says 19500', shouldBe: { heard: '19500' } } : { item: a.item, correct: true }));
    const scored = await call(w.app, 'POST', `/api/v1/qa/${qaItemId}/score`, { cookie: qa.cookie, body: { scores } });
    expect(scored.status).toBe(201);
    expect(scored.body).toMatchObject({ errorCount: 1, amendment: { status: 'pending', needsApproval: true, version: null, correctsVersion: 0 } });
    const amendmentId = scored.body.amendment.id;
    expect(scored.body.amendment.effect.retract.flags.map((f: { flag: string }) => f.flag)).toEqual(['income_drop']);
    // nothing changes until a supervisor approves
    expect((await currentFact(db, borrowerId, 'monthly_income_fen')).value).toBe('1200000');
    const pending = await call(w.app, 'GET', '/api/v1/amendments', { cookie: manager.cookie });
    expect(pending.body.items.map((a: { id: number; source: string }) => [a.id, a.source])).toEqual([[amendmentId, 'qa']]);

    // 5. QA may not approve; the branch manager does
    expect((await call(w.app, 'POST', `/api/v1/amendments/${amendmentId}/approve`, { cookie: qa.cookie, body: {} })).status).toBe(403);
    await setBusinessDate(ctx.database, '2026-03-10');
    const approved = await call(w.app, 'POST', `/api/v1/amendments/${amendmentId}/approve`, { cookie: manager.cookie, body: { reason: '已核对录音 recording checked' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', version: 1, decidedBy: manager.user.username, decidedOn: '2026-03-10' });
    expect((await call(w.app, 'POST', `/api/v1/amendments/${amendmentId}/approve`, { cookie: manager.cookie, body: {} })).status).toBe(409);

    // 6. recomputed: the income is the file's again, now verified; the flag cleared with the date;
    // the income re-verification cancelled; the employer change and its task stand
    const income = await currentFact(db, borrowerId, 'monthly_income_fen');
    expect(income).toMatchObject({ value: '2000000', verification: 'verified', source: 'follow_up', effective_from: '2026-03-10' });
    expect((await currentFact(db, borrowerId, 'employer')).id).toBe(employer.id);
    expect(await flags()).toEqual([{ flag: 'income_drop', evidence: '20000.00 → 12000', set_on: '2026-03-09', cleared_on: '2026-03-10' }]);
    expect((await tasks()).map((t) => [t.item, t.status])).toEqual([
      ['employer', 'open'],
      ['monthly_income', 'cancelled'],
    ]);
    // the wrong income is still there, superseded: nothing was deleted
    const incomes = await db.selectFrom('borrower_fact').select(['value', 'source']).where('borrower_id', '=', borrowerId).where('fact', '=', 'monthly_income_fen').orderBy('id').execute();
    expect(incomes.map((f) => f.value)).toEqual(['2000000', '1200000', '2000000']);

    // 7. the history: both versions, who, when, why
    const history = await call(w.app, 'GET', `/api/v1/followups/${task.id}/history`, { cookie: manager.cookie });
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ followUpId: task.id, currentVersion: 1, original: { version: 0, by: agent.user.username, on: '2026-03-09' } });
    const incomeOf = (list: { item: string; heard: string | null }[]) => list.find((a) => a.item === 'monthly_income')?.heard;
    expect(incomeOf(history.body.original.answers)).toBe('12000');
    expect(history.body.amendments).toHaveLength(1);
    expect(history.body.amendments[0]).toMatchObject({
      id: amendmentId,
      version: 1,
      correctsVersion: 0,
      status: 'approved',
      source: 'qa',
      madeBy: qa.user.username,
      madeOn: '2026-03-09',
      decidedBy: manager.user.username,
      decidedOn: '2026-03-10',
      decisionReason: '已核对录音 recording checked',
      qaItemId,
    });
    expect(history.body.amendments[0].reason).toContain('19500');
    expect(incomeOf(history.body.amendments[0].answers)).toBe('19500');
    expect(history.body.flags).toMatchObject([{ flag: 'income_drop', setByVersion: 0, clearedOn: '2026-03-10', clearedByAmendmentId: amendmentId }]);
    // personal data stays masked in the history unless revealed
    expect(history.body.original.answers.find((a: { item: string }) => a.item === 'mobile').heard).toBe('138****5678');

    // 8. the KPIs count it: one due and done in time, one discrepancy, one correction, one QA error
    const kpis = await call(w.app, 'GET', `/api/v1/followups/kpis?branchId=${w.branches.BJ.id}&from=2026-03-01&to=2026-03-31`, { cookie: manager.cookie });
    expect(kpis.status).toBe(200);
    expect(kpis.body.total).toMatchObject({ due: 2, done: 1, doneWithinSla: 1, completed: 1, discrepancies: 1, corrected: 1, qaScored: 1, qaWithErrors: 1, discrepancyRate: 1, correctionRate: 1, qaErrorRate: 1, slaRate: 0.5 });
    expect(kpis.body.agents).toMatchObject([{ agentUserId: agent.user.id, completed: 1, qaWithErrors: 1 }]);
  });
});

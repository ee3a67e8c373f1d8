import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { selectForQa } from '../../src/domain/followups/qa-sample.js';
import { completeFollowUp } from '../../src/modules/followups/forms.js';
import { MissingTemplateParam, render } from '../../src/modules/followups/outbox.js';
import { runQaSampling } from '../../src/modules/followups/qa.js';
import { describeEachDatabase } from '../support/databases.js';
import { setBusinessDate } from '../support/loans.js';
import { buildWorld, call } from '../support/world.js';
import { APPLICATION_FACTS, disburse } from './support.js';

describe('outbound templates', () => {
  it('render in both languages and refuse a missing placeholder', () => {
    expect(render('followup_reminder', 'en-US', { name: 'Wang Fang', date: '2026-03-09' })).toEqual({
      subject: 'Follow-up reminder',
      body: 'Dear Wang Fang, we will contact you by 2026-03-09 to confirm your contact and employment details.',
    });
    expect(render('followup_record_corrected', 'zh-CN', { name: '王芳', date: '2026-03-09', items: '月收入' }).body).toBe('尊敬的王芳：您2026-03-09回访记录中的月收入已更正。');
    expect(() => render('followup_reminder', 'zh-CN', { name: '王芳' })).toThrow(MissingTemplateParam);
  });
});

describeEachDatabase('QA sampling and confirmations', (ctx) => {
  it('samples every discrepancy and correction and a stable 5% of the rest, per month, once', async () => {
    const w = await buildWorld(ctx.database);
    const db = ctx.database.db;
    const { loanId, borrowerId } = await disburse(db, w.branches.SH.id, '2026-03-02', { firstDue: '2026-04-02' });
    // 400 completed follow-ups of March, every 20th with a discrepancy, written in one statement
    await sql`
      WITH t AS (
        INSERT INTO followup_task (key, loan_id, branch_id, kind, channel, due_on, done_by, created_on, status, closed_on)
        SELECT 'qa-test/' || g, ${loanId}, ${w.branches.SH.id}, 'periodic', 'phone', '2026-03-02', '2026-03-07', '2026-03-02', 'done', '2026-03-05'
          FROM generate_series(1, 400) g
        RETURNING id, key)
      INSERT INTO followup (task_id, loan_id, borrower_id, branch_id, kind, channel, answers, derived, has_discrepancy, unreachable, completed_on, agent_name)
      SELECT t.id, ${loanId}, ${borrowerId}, ${w.branches.SH.id}, 'periodic', 'phone', '[{"item":"reached","fileValue":null,"heard":"no","verdict":"could_not_verify"}]',
             '{"facts":[],"verified":[],"flags":[],"tasks":[]}', split_part(t.key, '/', 2)::int % 20 = 0, true, '2026-03-05', 'agent'
        FROM t`.execute(db);
    const rows = await db.selectFrom('followup').select(['task_id', 'has_discrepancy']).where('loan_id', '=', loanId).execute();
    const expected = selectForQa(rows.map((r) => ({ id: r.task_id, hasDiscrepancy: r.has_discrepancy, corrected: false })), 5, 'qa-2026-03');

    const first = await runQaSampling(db, parseBusinessDate('2026-03-10'));
    expect(first).toEqual({ seed: 'qa-2026-03', considered: 400, picked: expected.length });
    const items = await db.selectFrom('qa_item').select(['followup_id', 'why']).orderBy('followup_id').execute();
    expect(items.map((i) => [i.followup_id, i.why])).toEqual(expected.map((e) => [e.id, e.why]).sort((a, b) => Number(a[0]) - Number(b[0])));
    expect(items.filter((i) => i.why === 'discrepancy')).toHaveLength(20);
    const sampled = items.filter((i) => i.why === 'sample').length;
    expect(sampled).toBeGreaterThan(5);
    expect(sampled).toBeLessThan(40);
    // a rerun picks nothing new; a follow-up corrected later in the month joins as a correction
    expect((await runQaSampling(db, parseBusinessDate('2026-03-10'))).picked).toBe(0);
    const unpicked = rows.find((r) => !items.some((i) => i.followup_id === r.task_id))!;
    await db
      .insertInto('followup_amendment')
      .values({ followup_id: unpicked.task_id, corrects_amendment_id: null, source: 'complaint', changes: '[]', answers: '[]', effect: '{}', needs_approval: true, reason: '投诉 complaint', made_by_user_id: null, made_by: 'x', made_on: '2026-03-12', status: 'pending', version: null })
      .execute();
    expect(await runQaSampling(db, parseBusinessDate('2026-03-12'))).toMatchObject({ picked: 1 });
    expect(await db.selectFrom('qa_item').select('why').where('followup_id', '=', unpicked.task_id).executeTakeFirstOrThrow()).toEqual({ why: 'correction' });
  });

  it('a follow-up that changes facts is confirmed by SMS and e-mail; a QA reviewer sees answers masked and cannot review their own', async () => {
    const w = await buildWorld(ctx.database);
    const db = ctx.database.db;
    await setBusinessDate(ctx.database, '2026-03-09');
    const { loanId } = await disburse(db, w.branches.BJ.id, '2026-03-02', { firstDue: '2026-04-02', facts: [...APPLICATION_FACTS, { fact: 'email', value: 'wang.fang@example.com' }] });
    const task = await db
      .insertInto('followup_task')
      .values({ key: `t/${loanId}`, loan_id: loanId, branch_id: w.branches.BJ.id, kind: 'event', trigger: 'contact_changed', item: null, channel: 'message', due_on: '2026-03-09', done_by: '2026-03-16', policy_version: 1, created_on: '2026-03-09', source_followup_id: null, source_amendment_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const qa = await w.session('BJ', ['qa', 'followup_agent']);
    const done = await completeFollowUp(db, { userId: qa.user.id, name: qa.user.username }, 'zh-CN', task.id, {
      answers: [
        { item: 'reached', heard: 'yes' },
        { item: 'identity', heard: 'confirmed' },
        { item: 'mobile', heard: '13900001111' },
        { item: 'home_address', heard: '上海市浦东新区世纪大道100号' },
        { item: 'anything_changed', heard: 'yes' },
      ],
    });
    expect(done.derived.facts).toEqual([{ kind: 'mobile', value: '13900001111' }]);
    const sent = await db.selectFrom('outbox').select(['channel', 'recipient', 'subject', 'body', 'status', 'followup_id']).where('loan_id', '=', loanId).orderBy('channel').execute();
    expect(sent).toEqual([
      { channel: 'email', recipient: 'wang.fang@example.com', subject: '回访信息变更确认', body: '尊敬的王芳：您在2026-03-09的回访中告知的手机号码已更新。如与您所述不符，请致电客服申请更正。', status: 'pending', followup_id: task.id },
      // the new number: the confirmation goes where the borrower now is
      { channel: 'sms', recipient: '13900001111', subject: null, body: '尊敬的王芳：您在2026-03-09的回访中告知的手机号码已更新。如与您所述不符，请致电客服申请更正。', status: 'pending', followup_id: task.id },
    ]);
    const item = await db.insertInto('qa_item').values({ followup_id: task.id, branch_id: w.branches.BJ.id, sampled_on: '2026-03-09', seed: 'qa-2026-03', why: 'discrepancy' }).returning('id').executeTakeFirstOrThrow();
    const view = await call(w.app, 'GET', `/api/v1/qa/${item.id}`, { cookie: qa.cookie });
    expect(view.body.answers.find((a: { item: string }) => a.item === 'mobile')).toMatchObject({ fileValue: '138****5678', heard: '139****1111', verdict: 'differs' });
    const own = await call(w.app, 'POST', `/api/v1/qa/${item.id}/score`, { cookie: qa.cookie, body: { scores: [{ item: 'reached', correct: true }] } });
    expect(own.status).toBe(403);
    const other = await w.session('BJ', ['qa']);
    const partial = await call(w.app, 'POST', `/api/v1/qa/${item.id}/score`, { cookie: other.cookie, body: { scores: [{ item: 'reached', correct: true }] }, headers: { 'accept-language': 'en' } });
    expect(partial.status).toBe(400);
    expect(partial.body.errors.map((e: { field: string }) => e.field)).toEqual(['scores.identity', 'scores.mobile', 'scores.home_address', 'scores.anything_changed']);
  });
});

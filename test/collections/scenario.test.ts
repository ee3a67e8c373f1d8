import { expect, it } from 'vitest';
import { parseBusinessDate } from '../../src/domain/business-date.js';
import { closeThrough } from '../../src/jobs/close-of-business.js';
import { runCollectionsForDate } from '../../src/modules/collections/run.js';
import { postRepayment } from '../../src/modules/loans/repayments.js';
import { createBranch } from '../../src/modules/org/branches.js';
import { createUser } from '../../src/modules/org/users.js';
import { describeEachDatabase } from '../support/databases.js';
import { makeLoan, setBusinessDate } from '../support/loans.js';
import { buildWorld, call, PASSWORD, unique } from '../support/world.js';

const d = parseBusinessDate;
const who = { userId: null, name: 'test' };

/**
 * A collector's notebook for one loan of branch SH, 100,000.00 at 6 % over 36 months, 3,042.19
 * due on the last day of each month from 2026-01-31. M0 and M1 cases go to team SH-M1's queue,
 * M2 and later to SH-M2's. Each "close" is close of business for the date, then collections.
 */
describeEachDatabase('collections scenario: a loan from M0 to M2 and back', (ctx) => {
  it('reminds, opens, allocates, blocks a late call, keeps a promise in view, escalates when it breaks, recalls on M2, and closes on cure; every step explained', async () => {
    const w = await buildWorld(ctx.database);
    const { db, app, clock } = w;
    const setup = { userId: null, name: 'setup' };
    const m1 = await createBranch(db, setup, { code: 'SH-M1', nameZh: '上海早期组', nameEn: 'Shanghai early', kind: 'team', parentId: w.branches.SH.id });
    const m2 = await createBranch(db, setup, { code: 'SH-M2', nameZh: '上海中期组', nameEn: 'Shanghai mid', kind: 'team', parentId: w.branches.SH.id });
    await db
      .insertInto('collection_allocation_rule')
      .values([
        { code: 'sh-early', position: 10, branch_id: w.branches.SH.id, buckets: ['M0', 'M1'], assign: 'team', team_id: m1.id },
        { code: 'sh-late', position: 20, branch_id: w.branches.SH.id, buckets: ['M2', 'M3', 'M4', 'M5', 'M6', 'M7+'], assign: 'team', team_id: m2.id },
      ])
      .execute();
    const manager = await w.session('SH', ['branch_manager']);
    const member = (branchId: number, username: string) => createUser(db, setup, { username, displayName: username, branchId, roles: ['collector'], password: PASSWORD });
    const early = await member(m1.id, unique('early'));
    const mid = await member(m2.id, unique('mid'));
    for (const c of [early, mid]) {
      const set = await call(app, 'PUT', `/api/v1/users/${c.id}/collector-profile`, { cookie: manager.cookie, body: { skills: ['phone'], trainingValidUntil: '2026-12-31' } });
      expect(set.status).toBe(200);
    }
    const earlyCookie = await w.login(early.username);
    const midCookie = await w.login(mid.username);
    const loanId = await makeLoan(ctx.database, w.branches.SH.id);
    await setBusinessDate(ctx.database, '2026-01-27');

    const close = async (date: string) => {
      await closeThrough(db, d(date));
      return runCollectionsForDate(db, d(date));
    };
    const closeEachDay = async (from: string, to: string) => {
      for (let day = d(from); day <= d(to); day = parseBusinessDate(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))) await close(day);
    };
    /** the clock on the wall, in Beijing */
    const at = (local: string) => {
      const target = Date.parse(`${local}+08:00`);
      clock.advanceMinutes((target - clock.now().getTime()) / 60_000);
    };
    const theCase = async () => (await call(app, 'GET', `/api/v1/cases/${caseId}`, { cookie: manager.cookie })).body;
    const openTasks = async () => (await theCase()).tasks.filter((t: { status: string }) => t.status === 'open' || t.status === 'held');
    const take = async (cookie: string) => {
      const next = await call(app, 'GET', '/api/v1/queue/next', { cookie });
      expect(next.status).toBe(200);
      return next.body.task;
    };
    const done = async (cookie: string, taskId: number, note: string) => expect((await call(app, 'POST', `/api/v1/tasks/${taskId}/complete`, { cookie, body: { note } })).status).toBe(200);

    // 01-27, day −4: nothing to do yet.
    await close('2026-01-27');
    expect(await db.selectFrom('collection_case').select('id').where('loan_id', '=', loanId).execute()).toEqual([]);

    // 01-28, day −3: the reminder before due. A case opens for it and goes to SH-M1's queue.
    await close('2026-01-28');
    const opened = await db.selectFrom('collection_case').selectAll().where('loan_id', '=', loanId).executeTakeFirstOrThrow();
    const caseId = opened.id;
    expect(opened).toMatchObject({ reason: 'strategy', anchor_due: '2026-01-31', owner_kind: 'team', owner_id: m1.id, segment: 'pre-due' });
    let tasks = await openTasks();
    expect(tasks.map((t: { action: string; key: string }) => [t.action, t.key])).toEqual([['sms', 'cn-standard@1/pre-due/sms-d-3/2026-01-31#0']]);
    expect(tasks[0].explanation.why).toEqual({ zh: '以 2026-01-31 为基准第 -3 天，已到步骤 sms-d-3（第 -3 天起）', en: 'day -3 from 2026-01-31: at step sms-d-3 (from day -3)' });
    expect(tasks[0].explanation.skipped.map((s: { segment: string }) => s.segment)).toEqual(['held', 'malicious', 'hardship', 'promised']);

    // 01-29 10:00: the early-arrears collector takes it from the team queue and sends the SMS.
    at('2026-01-29T10:00:00');
    let task = await take(earlyCookie);
    expect(task).toMatchObject({ caseId, action: 'sms', template: 'reminder-before-due' });
    const sms = await call(app, 'POST', `/api/v1/cases/${caseId}/contacts`, { cookie: earlyCookie, body: { channel: 'sms', party: 'borrower', outcome: 'delivered', taskId: task.id } });
    expect(sms.status).toBe(201);
    await done(earlyCookie, task.id, '已发送到期提醒');

    // 01-29 … 02-01: not paid; from 02-01 the loan is 1 day past due, M1: the overdue notice.
    await closeEachDay('2026-01-29', '2026-02-01');
    tasks = await openTasks();
    expect(tasks.map((t: { segment: string; step: string }) => `${t.segment}/${t.step}`)).toEqual(['early/sms-d1']);
    expect(tasks[0].explanation.facts).toMatchObject({ dpd: 1, bucket: 'M1', promise: 'none' });

    // 02-02 22:30: a call is refused (quiet hours 22:00–08:00), logged, and says when it may be made.
    at('2026-02-02T22:30:00');
    const late = await call(app, 'POST', `/api/v1/cases/${caseId}/contacts`, { cookie: earlyCookie, body: { channel: 'call', party: 'borrower', outcome: 'no_answer' } });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    expect(late.body).toMatchObject({ type: 'urn:daihou:problem:contact-refused', rule: 'quiet-hours', ruleName: '禁止催收时段', nextAllowedAt: '2026-02-03T00:00:00.000Z' });
    expect(late.body.title).toBe('合规规则不允许此次联系：禁止催收时段');
    const next = await call(app, 'GET', `/api/v1/cases/${caseId}/next-contact?channel=call&party=borrower&lang=en-US`, { cookie: earlyCookie });
    expect(next.body).toMatchObject({ allowedNow: false, nextAllowedAt: '2026-02-03T00:00:00.000Z' });
    expect(next.body.refusals.map((r: { rule: string }) => r.rule)).toEqual(['quiet-hours']);
    await close('2026-02-02');

    // 02-03 08:00: allowed; the borrower promises the January installment by 02-05.
    at('2026-02-03T08:00:00');
    expect((await call(app, 'GET', `/api/v1/cases/${caseId}/next-contact`, { cookie: earlyCookie })).body).toMatchObject({ allowedNow: true, nextAllowedAt: '2026-02-03T00:00:00.000Z' });
    const promised = await call(app, 'POST', `/api/v1/cases/${caseId}/contacts`, { cookie: earlyCookie, body: { channel: 'call', party: 'borrower', outcome: 'promise', notes: '客户承诺 2 月 5 日前还 1 月账单', recordingRef: 'rec-0203-01' } });
    expect(promised.status).toBe(201);
    const promise = await call(app, 'POST', `/api/v1/cases/${caseId}/promises`, { cookie: earlyCookie, body: { amountFen: 304_219, dueDate: '2026-02-05', contactId: promised.body.id } });
    expect(promise.status).toBe(201);
    expect(promise.body).toMatchObject({ madeOn: '2026-02-03', state: 'active', totalFen: 304_219, graceDays: 1 });

    // 02-03: the strategy sees the promise: a reminder of it replaces the overdue notice.
    await close('2026-02-03');
    tasks = await openTasks();
    expect(tasks.map((t: { segment: string; step: string }) => `${t.segment}/${t.step}`)).toEqual(['promised/promise-sms']);
    expect(tasks[0].explanation.matched.map((r: { en: string }) => r.en)).toEqual(['DPD 3 ≥ 1', 'promise active is in active']);
    expect((await theCase()).tasks.find((t: { step: string }) => t.step === 'sms-d1')).toMatchObject({ status: 'cancelled', cancelledReason: 'superseded' });

    // 02-04 … 02-07: nothing arrives; after the day of grace the promise is broken, and the case
    // moves on to a call.
    await closeEachDay('2026-02-04', '2026-02-06');
    expect((await theCase()).promises[0].state).toBe('active');
    await close('2026-02-07');
    let view = await theCase();
    expect(view.promises[0]).toMatchObject({ state: 'broken', brokenOn: '2026-02-05', settledOn: '2026-02-07' });
    expect(view.events.map((e: { kind: string; on: string }) => `${e.on} ${e.kind}`)).toEqual(['2026-01-28 opened', '2026-02-03 promise_made', '2026-02-07 promise_broken']);
    tasks = await openTasks();
    expect(tasks.map((t: { segment: string; step: string; action: string }) => `${t.segment}/${t.step}/${t.action}`)).toEqual(['early/call-d3/call']);
    expect(tasks[0].explanation.facts.promise).toBe('broken');
    expect(tasks[0].explanation.skipped).toContainEqual({ segment: 'promised', reason: { field: 'promise', passed: false, zh: '承诺还款状态 broken 不属于 active', en: 'promise broken is not in active' } });

    // 02-08 09:00: the call is made.
    at('2026-02-08T09:00:00');
    task = await take(earlyCookie);
    expect(task).toMatchObject({ action: 'call', step: 'call-d3' });
    expect((await call(app, 'POST', `/api/v1/cases/${caseId}/contacts`, { cookie: earlyCookie, body: { channel: 'call', party: 'borrower', outcome: 'right_party', taskId: task.id } })).status).toBe(201);
    await done(earlyCookie, task.id, '客户称本月底前还清');

    // 02-08 … 03-03: still nothing paid. A week without an attempt leaves the loan uncovered and
    // escalated to SH's managers; on 03-03 (31 days) it is M2: recalled from SH-M1, given to SH-M2.
    await closeEachDay('2026-02-08', '2026-03-03');
    view = await theCase();
    expect(view).toMatchObject({ bucket: 'M2', dpd: 31, owner: { kind: 'team', id: m2.id, since: '2026-03-03' }, strategy: { segment: 'mid' } });
    // the recall and the new placement are one transfer: from SH-M1 to SH-M2, why and by which rule
    type HistoryRow = { on: string; why: string; detail: string; rule: string | null; from: { id: number } | null; to: { id: number } | null };
    expect(view.ownerHistory.map((o: HistoryRow) => [o.on, o.why, o.detail, o.rule, o.from?.id ?? null, o.to?.id ?? null])).toEqual([
      ['2026-01-28', 'allocation', 'sh-early', 'sh-early', null, m1.id],
      ['2026-03-03', 'recall', 'bucket_change', 'sh-late', m1.id, m2.id],
    ]);
    const escalation = view.tasks.find((t: { kind: string }) => t.kind === 'escalation');
    expect(escalation).toMatchObject({ createdOn: '2026-02-16', action: 'escalation' });
    expect(escalation.explanation.why.en).toBe('overdue and not collected: no recent attempt');
    const managerTask = await take(manager.cookie);
    expect(managerTask).toMatchObject({ id: escalation.id, kind: 'escalation' });
    await done(manager.cookie, managerTask.id, '已督促早期组');
    tasks = await openTasks();
    expect(tasks.map((t: { segment: string; step: string; action: string }) => `${t.segment}/${t.step}/${t.action}`)).toEqual(['mid/call/call']);
    // the early team no longer sees it; the mid team does
    at('2026-03-04T09:00:00');
    expect(await take(earlyCookie)).toBeNull();
    task = await take(midCookie);
    expect(task).toMatchObject({ caseId, segment: 'mid', action: 'call' });
    expect((await call(app, 'POST', `/api/v1/cases/${caseId}/contacts`, { cookie: midCookie, body: { channel: 'call', party: 'borrower', outcome: 'right_party', taskId: task.id } })).status).toBe(201);
    await done(midCookie, task.id, '客户今日还清欠款');

    // 03-04: the arrears are paid (10,000.00; the rest is held as credit); the loan cures, the
    // case closes and its open tasks are cancelled.
    await postRepayment(db, who, loanId, { externalId: `cure-${loanId}`, valueDate: d('2026-03-04'), amountFen: 1_000_000, channel: 'counter' });
    await close('2026-03-04');
    view = await theCase();
    expect(view).toMatchObject({ closedOn: '2026-03-04', closeReason: 'cure', dpd: 0, bucket: 'M0' });
    expect(view.events.at(-1)).toMatchObject({ on: '2026-03-04', kind: 'closed', detail: { reason: 'cure' } });
    expect(view.tasks.filter((t: { status: string }) => t.status === 'open' || t.status === 'held')).toEqual([]);
    expect(view.contacts.map((c: { channel: string; status: string; outcome: string | null; ruleCode: string | null }) => [c.channel, c.status, c.outcome ?? c.ruleCode])).toEqual([
      ['sms', 'made', 'delivered'],
      ['call', 'refused', 'quiet-hours'],
      ['call', 'made', 'promise'],
      ['call', 'made', 'right_party'],
      ['call', 'made', 'right_party'],
    ]);
    // every task says why it was made
    for (const t of view.tasks) expect(t.explanation.why.en.length).toBeGreaterThan(10);
  }, 600_000);
});

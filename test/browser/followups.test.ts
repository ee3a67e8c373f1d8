import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type BusinessDate, parseBusinessDate } from '../../src/domain/business-date.js';
import { completeFollowUp } from '../../src/modules/followups/forms.js';
import { runQaSampling } from '../../src/modules/followups/qa.js';
import { runFollowUpsForDate } from '../../src/modules/followups/tasks.js';
import { describeEachDatabase } from '../support/databases.js';
import { AS_OF, type AppServer, type Browser, ensureWebBuilt, launchBrowser, PASSWORD, seedBook, startAppServer } from './harness.js';

const LOANS = 150;
/** What the agent "hears": an employer the file does not have. */
const NEW_EMPLOYER = '杭州物流有限公司';

// playwright-core has no auto-waiting assertions (those are @playwright/test's): poll instead.
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const text = (locator: Locator) => poll(() => locator.innerText());
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/**
 * The follow-up pages in Chromium, as the issue tells it: an agent fills the form of a phone
 * follow-up (the file's values beside each answer) and hears a different employer; then finds the
 * employer was misheard and files an amendment; it changes derived facts, so the branch manager
 * approves it; the history shows both versions with who, when and why.
 */
describeEachDatabase('the follow-up pages in Chromium', (ctx) => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  const db = () => ctx.database.db;

  beforeAll(async () => {
    ensureWebBuilt();
    await seedBook(ctx.database, LOANS);
    // close of business makes the due follow-ups and gives each an agent of the loan's branch
    await runFollowUpsForDate(ctx.database.db, AS_OF as BusinessDate);
    server = await startAppServer(ctx.database);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${server.url}/login`);
    await page.evaluate('localStorage.clear()');
  });

  async function signIn(username: string, path: string): Promise<void> {
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname !== '/login');
  }

  /** An open phone follow-up of branch BJ that close of business gave the agent. */
  async function bjPhoneTask(agentId: number) {
    const task = await db()
      .selectFrom('followup_task as t')
      .innerJoin('branch as b', 'b.id', 't.branch_id')
      .select(['t.id', 't.loan_id'])
      .where('b.code', '=', 'BJ')
      .where('t.assigned_user_id', '=', agentId)
      .where('t.status', '=', 'open')
      .where('t.channel', '=', 'phone')
      .where('t.kind', 'in', ['post_disbursement', 'periodic'])
      .orderBy('t.done_by')
      .orderBy('t.id')
      .executeTakeFirstOrThrow();
    return task;
  }

  const pick = (testId: string, label: string) => page.getByTestId(testId).getByText(label, { exact: true }).click();

  it('an agent completes a follow-up with a difference; an amendment is approved by the manager; the history shows both versions', { timeout: 120_000 }, async () => {
    const agent = await db().selectFrom('app_user').select('id').where('username', '=', 'bj.followup1').executeTakeFirstOrThrow();
    // The generated follow-up agents sit in team BJ-F1, under branch BJ where the loans are booked:
    // close of business gives them BJ's follow-ups.
    const task = await bjPhoneTask(agent.id);

    // 1. my follow-ups: the task is listed; its form shows the phone checklist
    await signIn('bj.followup1', '/followups');
    await page.getByTestId(`open-task-${task.id}`).click();
    await page.waitForURL(new RegExp(`/followups/${task.id}$`));
    await text(page.getByTestId('fu-channel')).toBe('电话');
    const rows = page.getByTestId('fu-checklist').locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(13);
    // the file's values are masked until revealed (and the reveal is audited)
    await page.getByTestId('fu-reveal').click();
    await visible(page.getByText('已显示完整信息（查看已记入审计）'));

    // reached, and nothing else answered yet: the server's checklist check names each item on its row
    await pick('fu-heard-reached', '是');
    await page.getByTestId('fu-submit').click();
    await text(page.getByTestId('fu-error-employer')).toBe('未回答');
    await visible(page.getByTestId('fu-problem'));

    // 2. the answers: the file's own values heard back, except the employer
    const fileValue = async (item: string) => {
      const v = (await page.getByTestId(`fu-file-${item}`).innerText()).trim();
      return v === '—' ? '' : v;
    };
    const oldEmployer = await fileValue('employer');
    expect(oldEmployer).not.toBe('');
    for (const item of ['mobile', 'home_address', 'position', 'monthly_income']) {
      const value = await fileValue(item);
      // nothing on file to check against: the agent says so
      if (value === '') await pick(`fu-verdict-${item}`, '无法核实');
      else await page.getByTestId(`fu-heard-${item}`).fill(value);
    }
    await page.getByTestId('fu-heard-employer').fill(NEW_EMPLOYER);
    await pick('fu-heard-identity', '已确认');
    await pick('fu-heard-vehicle_location', '在借款人处');
    await pick('fu-heard-vehicle_usage', '自用');
    await pick('fu-heard-loan_use', '与申请一致');
    await pick('fu-heard-willingness', '愿意');
    await pick('fu-heard-ability', '有能力');
    await pick('fu-heard-anything_changed', '是');
    // a verdict the agent chooses rather than the one judged from the answer
    await pick('fu-verdict-anything_changed', '不一致');
    await page.getByTestId('fu-submit').click();

    // 3. the result: a difference, the new employer on file, and a re-verification task
    await text(page.getByTestId('fu-done-summary')).toBe('发现与档案不一致');
    await text(page.getByTestId('fu-derived')).toContain(`工作单位 → ${NEW_EMPLOYER}`);
    await text(page.getByTestId('fu-derived')).toContain('信息复核 · 工作单位');
    const done = await db().selectFrom('followup').select(['has_discrepancy', 'answers']).where('task_id', '=', task.id).executeTakeFirstOrThrow();
    expect(done.has_discrepancy).toBe(true);
    const answers = done.answers as { item: string; heard: string | null; verdict: string; fileValue: string | null }[];
    expect(answers.find((a) => a.item === 'employer')).toMatchObject({ heard: NEW_EMPLOYER, verdict: 'differs', fileValue: oldEmployer });
    expect(answers.find((a) => a.item === 'anything_changed')).toMatchObject({ heard: 'yes', verdict: 'differs' });
    expect(answers).toHaveLength(13);

    // 4. the agent misheard: an amendment puts the employer back; it retracts a fact, so it waits
    await page.getByTestId('fu-open-history').click();
    await page.waitForURL(new RegExp(`/followups/${task.id}/history$`));
    await text(page.getByTestId('fu-current-version')).toBe('第 0 版');
    await page.getByTestId('fu-amend').click();
    await page.getByTestId('fu-amend-heard-employer').fill(oldEmployer);
    await page.getByTestId('fu-amend-reason').fill('复听录音，单位未变 misheard on the call');
    await page.getByTestId('fu-amend-submit').click();
    await visible(page.getByText('更正已提交，待主管审批'));
    const amendment = await db().selectFrom('followup_amendment').select(['id', 'status', 'needs_approval']).where('followup_id', '=', task.id).executeTakeFirstOrThrow();
    expect(amendment).toMatchObject({ status: 'pending', needs_approval: true });
    await text(page.getByTestId(`fu-amendment-status-${amendment.id}`)).toBe('待审批');
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);

    // 5. the branch manager approves it from the inbox
    await signIn('bj.manager', '/followups/amendments');
    await page.getByTestId(`fu-approve-${amendment.id}`).click();
    await page.getByTestId('fu-decide-reason').fill('已核对录音 recording checked');
    await page.getByTestId('fu-decide-submit').click();
    await visible(page.getByText('已批准，相关信息已按更正重新计算'));
    await poll(async () => (await db().selectFrom('followup_amendment').select(['status', 'version']).where('id', '=', amendment.id).executeTakeFirstOrThrow())).toEqual({ status: 'approved', version: 1 });
    // recomputed: the employer on file is the old one again, the re-verification task cancelled
    const employer = await db()
      .selectFrom('borrower_fact as f')
      .innerJoin('loan as l', 'l.borrower_id', 'f.borrower_id')
      .select('f.value')
      .where('l.id', '=', task.loan_id)
      .where('f.fact', '=', 'employer')
      .orderBy('f.effective_from', 'desc')
      .orderBy('f.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(employer.value).toBe(oldEmployer);
    const derivedTasks = await db().selectFrom('followup_task').select('status').where('source_followup_id', '=', task.id).execute();
    expect(derivedTasks.map((x) => x.status)).toEqual(['cancelled']);

    // 6. the history: both versions side by side, who, when and why
    await page.goto(`${server.url}/followups/${task.id}/history`);
    await text(page.getByTestId('fu-current-version')).toBe('第 1 版');
    const employerRow = page.getByTestId('fu-versions').locator('tbody tr.ant-table-row').filter({ hasText: '工作单位' });
    await text(employerRow).toContain(NEW_EMPLOYER);
    await text(employerRow).toContain(oldEmployer);
    await text(page.getByTestId('fu-original-by')).toContain('bj.followup1');
    await text(page.getByTestId(`fu-amendment-${amendment.id}`)).toContain('复听录音，单位未变');
    await text(page.getByTestId(`fu-amendment-${amendment.id}`)).toContain('bj.followup1');
    await text(page.getByTestId(`fu-amendment-decided-${amendment.id}`)).toContain('bj.manager');
    await text(page.getByTestId(`fu-amendment-decided-${amendment.id}`)).toContain('已核对录音 recording checked');

    // 7. the loan 360 lists the follow-up with its two versions
    await page.goto(`${server.url}/loans/${task.loan_id}`);
    await page.getByTestId('fu-loan-tab').click();
    await text(page.getByTestId('fu-loan-table')).toContain('2 个版本');
  });

  it('QA finds an error in a sampled follow-up, which becomes an amendment; the KPIs count it on the dashboard', { timeout: 120_000 }, async () => {
    const agent = await db().selectFrom('app_user').select(['id', 'username']).where('username', '=', 'bj.followup1').executeTakeFirstOrThrow();
    const task = await bjPhoneTask(agent.id);
    // the agent recorded a new employer (a discrepancy: QA's sample takes every such follow-up)
    const answers = (['reached', 'identity', 'vehicle_location', 'vehicle_usage', 'loan_use', 'willingness', 'ability', 'anything_changed'] as const).map((item, i) => ({
      item,
      heard: ['yes', 'confirmed', 'with_borrower', 'personal', 'as_declared', 'willing', 'able', 'no'][i]!,
    }));
    const unasked = (['mobile', 'home_address', 'position', 'monthly_income'] as const).map((item) => ({ item, heard: null, verdict: 'could_not_verify' as const }));
    await completeFollowUp(db(), { userId: agent.id, name: agent.username }, 'zh-CN', task.id, { answers: [...answers, ...unasked, { item: 'employer', heard: NEW_EMPLOYER }] });
    const { business_date } = await db().selectFrom('business_date').select('business_date').executeTakeFirstOrThrow();
    await runQaSampling(db(), parseBusinessDate(business_date));
    const qaItem = await db().selectFrom('qa_item').select('id').where('followup_id', '=', task.id).executeTakeFirstOrThrow();
    const recorded = await db().selectFrom('followup').select('answers').where('task_id', '=', task.id).executeTakeFirstOrThrow();
    const oldEmployer = (recorded.answers as { item: string; fileValue: string | null }[]).find((a) => a.item === 'employer')?.fileValue;
    expect(oldEmployer).toBeTruthy();

    // QA scores every answer: the employer was wrong, and the right one is known
    await signIn('bj.qa', '/followups/qa');
    await page.getByTestId(`fu-qa-open-${qaItem.id}`).click();
    await poll(() => page.getByTestId('fu-qa-items').locator('tbody tr.ant-table-row').count()).toBe(13);
    await page.getByTestId('fu-qa-correct-employer').click();
    await page.getByTestId('fu-qa-should-employer').fill(oldEmployer!);
    await page.getByTestId('fu-qa-note-employer').fill('录音中单位未变');
    await page.getByTestId('fu-qa-submit').click();
    await text(page.getByTestId('fu-qa-done')).toBe('评分已提交：1 项差错');
    const amendment = await db().selectFrom('followup_amendment').select(['source', 'status', 'qa_item_id']).where('followup_id', '=', task.id).executeTakeFirstOrThrow();
    expect(amendment).toEqual({ source: 'qa', status: 'pending', qa_item_id: qaItem.id });
    await visible(page.getByText(/更正 #\d+：待审批/));
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);

    // the branch manager's dashboard: the month's follow-up KPIs, the QA error among them
    await signIn('bj.manager', '/dashboard');
    const qaRate = page.getByTestId('fu-dashboard').getByTestId('fu-kpi-qaErrorRate');
    await text(qaRate).toContain('100.00%');
    await text(qaRate).toContain('1 / 1');
    await page.getByTestId('fu-dashboard').getByText('查看明细').click();
    await page.waitForURL(/\/followups\/kpis\?branchId=/);
    await text(page.getByTestId('fu-kpi-branches')).toContain('BJ');
    await text(page.getByTestId('fu-kpi-total').getByTestId('fu-kpi-qaErrorRate')).toContain('1 / 1');
  });
});

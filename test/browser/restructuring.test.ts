import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BusinessDate } from '../../src/domain/business-date.js';
import { monthlyDueDate } from '../../src/domain/due-dates.js';
import { describeEachDatabase } from '../support/databases.js';
import { AS_OF, type AppServer, type Browser, ensureWebBuilt, launchBrowser, PASSWORD, seedBook, startAppServer } from './harness.js';

const LOANS = 120;

// playwright-core has no auto-waiting assertions (those are @playwright/test's): poll instead.
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const rows = (scope: Locator) => scope.locator('tbody tr.ant-table-row');

/**
 * Maker and checker in the browser: BJ's risk officer assesses a borrower's illness, previews a
 * six-month extension (old against new, the new maturity) and submits it; the request is not
 * theirs to approve; BJ's branch manager approves it from the inbox; the loan then shows the new
 * schedule version with the old one still readable.
 */
describeEachDatabase('restructuring in Chromium', (ctx) => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  const db = () => ctx.database.db;

  beforeAll(async () => {
    ensureWebBuilt();
    await seedBook(ctx.database, LOANS);
    server = await startAppServer(ctx.database);
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(username: string, path: string): Promise<void> {
    await browser.context.clearCookies();
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/login/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === path);
  }

  it('a branch user requests a 6-month extension with a preview, another approves it in the inbox, the loan shows the new schedule version, and the branch quota refuses the next', { timeout: 150_000 }, async () => {
    // active BJ loans with at least a year left to run
    const [loan, next] = await db()
      .selectFrom('loan as l')
      .innerJoin('branch as b', 'b.id', 'l.branch_id')
      .select(['l.id', 'l.schedule_version'])
      .where('b.path', 'like', '/HO/BJ/%')
      .where('l.status', '=', 'active')
      .where((eb) => eb.exists(eb.selectFrom('installment as i').select('i.seq').whereRef('i.loan_id', '=', 'l.id').whereRef('i.version', '=', 'l.schedule_version').where('i.due_date', '>', monthlyDueDate(AS_OF, 12))))
      .orderBy('l.id')
      .limit(2)
      .execute();
    if (!loan || !next) throw new Error('the seeded book has too few BJ loans');
    const schedule = await db().selectFrom('installment').select(['due_date']).where('loan_id', '=', loan.id).where('version', '=', loan.schedule_version).orderBy('seq').execute();
    const oldMaturity = schedule[schedule.length - 1]!.due_date as BusinessDate;

    // the maker: hardship assessment, then terms and preview
    await signIn('bj.risk', `/loans/${loan.id}`);
    await page.getByRole('tab', { name: '困难评估与重组' }).click();
    const hardship = page.getByTestId('rs-hardship-form');
    await visible(hardship);
    await hardship.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '疾病' }).click();
    await page.getByTestId('rs-evidence').fill('住院证明 2026-10-02');
    await page.getByTestId('rs-income-now').fill('4000');
    await page.getByTestId('rs-assess').click();
    await visible(page.getByTestId('rs-assessment'));
    expect(await page.getByTestId('rs-suggested').innerText()).toContain('展期');

    // illness suggests an extension first: it is already chosen
    await page.locator('#extensionMonths').fill('6');
    await page.getByTestId('rs-reason').fill('客户住院，收入下降');
    expect(await page.getByTestId('rs-submit').isDisabled()).toBe(true);
    await page.getByTestId('rs-preview-button').click();
    await visible(page.getByTestId('rs-preview'));
    expect(await page.getByTestId('rs-new-maturity').innerText()).toBe(monthlyDueDate(oldMaturity, 6));
    expect(await page.getByTestId('rs-interest-difference').innerText()).toMatch(/^\+¥[\d,]+\.\d\d$/);
    await poll(() => rows(page.getByTestId('rs-old-schedule')).count()).toBe(schedule.length);
    await poll(() => rows(page.getByTestId('rs-new-schedule')).count()).toBe(schedule.length + 6);
    await page.getByTestId('rs-submit').click();
    await visible(page.getByTestId('rs-pending'));
    const made = await db().selectFrom('restructuring').select(['id', 'status', 'extra_months', 'requested_by']).where('loan_id', '=', loan.id).executeTakeFirstOrThrow();
    expect(made).toMatchObject({ status: 'pending', extra_months: 6, requested_by: 'bj.risk' });

    // the maker's own request waits in their inbox, but not for them to approve
    await page.goto(`${server.url}/restructuring/inbox`);
    await page.getByTestId(`rs-open-${made.id}`).click();
    await visible(page.getByTestId('rs-authority-blocked'));
    expect(await page.getByTestId('rs-authority-blocked').innerText()).toContain('本人申请，不能审批');
    expect(await page.getByTestId('rs-approve').isDisabled()).toBe(true);

    // the checker (a fresh sign-in: signIn clears the maker's cookie): the branch manager may grant six months
    await signIn('bj.manager', '/restructuring/inbox');
    const row = rows(page.getByTestId('rs-inbox')).filter({ has: page.getByTestId(`rs-open-${made.id}`) });
    expect(await row.innerText()).toContain('可审批');
    await page.getByTestId(`rs-open-${made.id}`).click();
    await visible(page.getByTestId('rs-decision').getByTestId('rs-preview'));
    await page.getByTestId('rs-decision-reason').fill('病历属实，同意展期');
    await page.getByTestId('rs-approve').click();
    await poll(async () => (await db().selectFrom('restructuring').select('status').where('id', '=', made.id).executeTakeFirstOrThrow()).status).toBe('approved');
    const decided = await db().selectFrom('restructuring').select(['to_version', 'decided_by']).where('id', '=', made.id).executeTakeFirstOrThrow();
    expect(decided.decided_by).toBe('bj.manager');

    // the loan 360: the schedule is the new version; the history keeps the old one readable
    await page.goto(`${server.url}/loans/${loan.id}`);
    await poll(() => rows(page.getByTestId('schedule-table')).count()).toBe(schedule.length + 6);
    await page.getByRole('tab', { name: '重组历史' }).click();
    const versions = page.getByTestId('rs-versions');
    await visible(versions);
    expect(await versions.innerText()).toContain(`版本 ${decided.to_version} · 重组 · 当前`);
    await poll(() => rows(page.getByTestId('rs-version-schedule')).count()).toBe(schedule.length + 6);
    await versions.getByText(`版本 ${loan.schedule_version} ·`).click();
    await poll(() => rows(page.getByTestId('rs-version-schedule')).count()).toBe(schedule.length);
    expect(await page.getByTestId(`rs-history-${made.id}`).innerText()).toContain('已批准');

    // head office's quota for BJ is one a month: the next request is refused, in the quota's words
    await db().insertInto('restructuring_quota_version').values({ branch_id: (await db().selectFrom('branch').select('id').where('code', '=', 'BJ').executeTakeFirstOrThrow()).id, max_count: 1, max_waived_fen: 0, effective_from: '2026-01-01', reason: '试点 pilot', set_by: 'test' }).execute();
    await signIn('bj.risk', `/loans/${next.id}`);
    await page.getByRole('tab', { name: '困难评估与重组' }).click();
    await visible(page.getByTestId('rs-hardship-form'));
    await page.getByTestId('rs-hardship-form').locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '疾病' }).click();
    await page.getByTestId('rs-income-now').fill('3000');
    await page.getByTestId('rs-assess').click();
    await page.locator('#extensionMonths').fill('3');
    await page.getByTestId('rs-reason').fill('客户住院');
    await page.getByTestId('rs-preview-button').click();
    await visible(page.getByTestId('rs-preview'));
    await page.getByTestId('rs-submit').click();
    await visible(page.getByTestId('rs-request-error'));
    expect(await page.getByTestId('rs-request-error').innerText()).toMatch(/本机构 \d{4}-\d{2} 的重组名额已用完（1\/1 笔）/);
  });
});
